Attribute VB_Name = "LkjipTombol"
' Tombol LKjIP: Periksa, Hitung Ulang, Buat Laporan.
'
' Modul ini ada di add-in lkjip.xlam, bukan di buku kerja: buku kerja LKjIP tetap .xlsx tanpa makro, sehingga
' aman dikirim lewat surel. Tombol bekerja pada buku kerja yang sedang aktif.
'
' Dua cara menjalankan Python:
'   - LKJIP_SERVER kosong: Python di komputer ini, lewat add-in xlwings (RunPython).
'   - LKJIP_SERVER berisi alamat xlwings Server kabupaten, mis. "http://10.10.1.5:8000": komputer kecamatan
'     tidak perlu Python (RunRemotePython).
Option Explicit

Private Const LKJIP_SERVER As String = ""
Private Const JUDUL As String = "LKjIP"

' --- tombol (juga bisa dipanggil dari Alt+F8) ----------------------------------------------------------------

Public Sub LkjipPeriksa()
    Jalankan "check_caller", "lkjip_periksa"
End Sub

Public Sub LkjipHitungUlang()
    Jalankan "recompute_caller", "lkjip_hitung_ulang"
End Sub

Public Sub LkjipBuatLaporan()
    If Len(LKJIP_SERVER) = 0 And ActiveWorkbook.Path = "" Then
        MsgBox "Simpan dulu buku kerja ini: laporan ditulis di folder yang sama.", vbExclamation, JUDUL
        Exit Sub
    End If
    Jalankan "report_caller", "lkjip_buat_laporan"
End Sub

' --- callback pita (customUI.xml) --------------------------------------------------------------------------------

Public Sub RibbonPeriksa(control As IRibbonControl)
    LkjipPeriksa
End Sub

Public Sub RibbonHitungUlang(control As IRibbonControl)
    LkjipHitungUlang
End Sub

Public Sub RibbonBuatLaporan(control As IRibbonControl)
    LkjipBuatLaporan
End Sub

' --- pelaksana ---------------------------------------------------------------------------------------------------

Private Sub Jalankan(ByVal fungsiPython As String, ByVal skripServer As String)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Buka dulu buku kerja LKjIP.", vbExclamation, JUDUL
        Exit Sub
    End If
    On Error GoTo Gagal
    If Len(LKJIP_SERVER) > 0 Then
        RunRemotePython LKJIP_SERVER & "/xlwings/custom-scripts-call/" & skripServer, timeout:=120000
    Else
        RunPython "import lkjip_xl.excel as x; x." & fungsiPython & "()"
    End If
    Exit Sub
Gagal:
    MsgBox "Tombol LKjIP tidak dapat menjalankan Python." & vbCrLf & vbCrLf & _
           "Kemungkinan: Python atau lkjip_xl belum terpasang, add-in xlwings belum aktif, atau server " & _
           "kabupaten tidak dapat dihubungi. Hubungi petugas TI (panduan: macros/README.md)." & vbCrLf & vbCrLf & _
           "Keterangan teknis: " & Err.Description, vbCritical, JUDUL
End Sub
