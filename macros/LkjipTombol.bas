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
' Token server kabupaten (LKJIP_SERVER_TOKEN di server), bila server memakai autentikasi; dikirim sebagai
' kepala Authorization.
Private Const LKJIP_TOKEN As String = ""
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

' --- xlwings, dipanggil saat tombol ditekan ------------------------------------------------------------------------
' RunPython dan RunRemotePython ada di add-in xlwings (xlwings.xlam). Lewat Application.Run add-in ini tidak perlu
' referensi ke xlwings: bila xlwings belum terpasang, tombol menampilkan pesan Gagal di bawah, bukan galat kompilasi.
' Urutan argumen RunRemotePython xlwings: url, auth, apiKey, include, exclude, headers, timeout. headers yang tidak
' diberikan tetap "Missing", sehingga xlwings memperlakukannya sebagai tidak ada.

Private Sub RunPython(ByVal perintah As String)
    Application.Run "'xlwings.xlam'!RunPython", perintah
End Sub

Private Sub RunRemotePython(ByVal url As String, Optional headers As Variant, Optional ByVal timeout As Long)
    Application.Run "'xlwings.xlam'!RunRemotePython", url, LKJIP_TOKEN, "", "", "", headers, timeout
End Sub

' --- pelaksana ---------------------------------------------------------------------------------------------------

Private Sub Jalankan(ByVal fungsiPython As String, ByVal skripServer As String)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Buka dulu buku kerja LKjIP.", vbExclamation, JUDUL
        Exit Sub
    End If
    On Error GoTo Gagal
    Dim persen As String
    persen = SelFormat(ActiveWorkbook)
    If Len(LKJIP_SERVER) > 0 Then
        Dim kepala As Object
        Set kepala = KepalaPersen(persen)
        If kepala Is Nothing Then
            RunRemotePython LKJIP_SERVER & "/xlwings/custom-scripts-call/" & skripServer, timeout:=120000
        Else
            RunRemotePython LKJIP_SERVER & "/xlwings/custom-scripts-call/" & skripServer, _
                            headers:=kepala, timeout:=120000
        End If
    Else
        RunPython "import lkjip_xl.excel as x; x." & fungsiPython & "(" & TeksPython(persen) & ")"
    End If
    Exit Sub
Gagal:
    MsgBox "Tombol LKjIP tidak dapat menjalankan Python." & vbCrLf & vbCrLf & _
           "Kemungkinan: Python atau lkjip_xl belum terpasang, add-in xlwings belum aktif, atau server " & _
           "kabupaten tidak dapat dihubungi. Hubungi petugas TI (panduan: macros/README.md)." & vbCrLf & vbCrLf & _
           "Keterangan teknis: " & Err.Description, vbCritical, JUDUL
End Sub

' --- yang tidak terbawa muatan xlwings -----------------------------------------------------------------------------
' Muatan xlwings hanya membawa nilai: 82,94% yang diketik tiba sebagai 0,8294, "Januari 2025" sebagai 1 Januari,
' dan sel gabungan yang kosong tidak terlihat. Maka tombol mengirim satu teks: sel berformat persen di badan setiap
' tabel ("Kinerja!D5:D21;Kinerja!F7"), lalu "[bulan]" dan sel berformat bulan-tahun tanpa hari, lalu "[gabung]" dan
' sel gabungan pada lembar yang memuat tabel. Aturannya sama dengan taskpane dan lkjip_xl.excel.cell_formats_of;
' Python hanya memakai sel persen yang berisi angka dan sel bulan yang berisi tanggal.

Private Function SelFormat(ByVal wb As Workbook) As String
    Dim ws As Worksheet, lo As ListObject, kolom As Range, sel As Range
    Dim f As Variant, persen As String, bulan As String, gabung As String
    For Each ws In wb.Worksheets
        If ws.ListObjects.Count > 0 Then
            For Each lo In ws.ListObjects
                If Not lo.DataBodyRange Is Nothing Then
                    For Each kolom In lo.DataBodyRange.Columns
                        f = kolom.NumberFormat
                        If IsNull(f) Then
                            ' format campuran: periksa sel demi sel
                            For Each sel In kolom.Cells
                                Catat persen, bulan, ws, sel, CStr(sel.NumberFormat)
                            Next
                        Else
                            Catat persen, bulan, ws, kolom, CStr(f)
                        End If
                    Next
                End If
            Next
            gabung = gabung & SelGabung(ws)
        End If
    Next
    SelFormat = Mid$(persen, 2)
    If Len(bulan) > 0 Then SelFormat = SelFormat & "[bulan]" & Mid$(bulan, 2)
    If Len(gabung) > 0 Then SelFormat = SelFormat & "[gabung]" & Mid$(gabung, 2)
End Function

Private Sub Catat(ByRef persen As String, ByRef bulan As String, ByVal ws As Worksheet, ByVal r As Range, _
                  ByVal f As String)
    If FormatPersen(f) Then
        persen = persen & ";" & NamaLembar(ws.Name) & "!" & r.Address(False, False)
    ElseIf FormatBulan(f) Then
        bulan = bulan & ";" & NamaLembar(ws.Name) & "!" & r.Address(False, False)
    End If
End Sub

' Daerah sel gabungan pada lembar ("Ringkasan!A15:C15"); lembar tanpa sel gabungan dilewati tanpa memeriksa sel.
Private Function SelGabung(ByVal ws As Worksheet) As String
    Dim sel As Range, ada As Variant, hasil As String
    ada = ws.UsedRange.MergeCells
    If Not IsNull(ada) Then
        If Not ada Then Exit Function
    End If
    For Each sel In ws.UsedRange.Cells
        If sel.MergeCells Then
            If sel.Address = sel.MergeArea.Cells(1, 1).Address Then
                hasil = hasil & ";" & NamaLembar(ws.Name) & "!" & sel.MergeArea.Address(False, False)
            End If
        End If
    Next
    SelGabung = hasil
End Function

' Format tanggal yang menampilkan bulan dan tahun tanpa hari ("mmmm yyyy", "mmm-yy"): di luar teks berkutip,
' karakter ber-\ dan bagian [..], pada bagian pertama format, ada y dan m tetapi tidak ada d, h, s.
Private Function FormatBulan(ByVal f As String) As Boolean
    Dim i As Long, c As String, sisa As String, kutip As Boolean, kurung As Boolean
    f = LCase$(f)
    i = 1
    Do While i <= Len(f)
        c = Mid$(f, i, 1)
        If kutip Then
            If c = """" Then kutip = False
        ElseIf kurung Then
            If c = "]" Then kurung = False
        ElseIf c = """" Then
            kutip = True
        ElseIf c = "[" Then
            kurung = True
        ElseIf c = "\" Then
            i = i + 1
        ElseIf c = ";" Then
            Exit Do
        Else
            sisa = sisa & c
        End If
        i = i + 1
    Loop
    FormatBulan = InStr(sisa, "y") > 0 And InStr(sisa, "m") > 0 And InStr(sisa, "d") = 0 And _
                  InStr(sisa, "h") = 0 And InStr(sisa, "s") = 0
End Function

' Format angka yang menampilkan persen: tanda % di luar teks berkutip dan di luar karakter ber-\.
Private Function FormatPersen(ByVal f As String) As Boolean
    Dim i As Long, c As String, kutip As Boolean
    i = 1
    Do While i <= Len(f)
        c = Mid$(f, i, 1)
        If c = """" Then
            kutip = Not kutip
        ElseIf c = "\" And Not kutip Then
            i = i + 1
        ElseIf c = "%" And Not kutip Then
            FormatPersen = True
            Exit Function
        End If
        i = i + 1
    Loop
End Function

Private Function NamaLembar(ByVal nama As String) As String
    Dim i As Long
    For i = 1 To Len(nama)
        If Not (Mid$(nama, i, 1) Like "[A-Za-z0-9_]") Then
            NamaLembar = "'" & Replace(nama, "'", "''") & "'"
            Exit Function
        End If
    Next
    NamaLembar = nama
End Function

' Teks Python berkutip dua untuk RunPython.
Private Function TeksPython(ByVal teks As String) As String
    TeksPython = """" & Replace(Replace(teks, "\", "\\"), """", "\""") & """"
End Function

' Kepala HTTP X-Lkjip-Persen untuk RunRemotePython (Scripting.Dictionary ada di Windows; di macOS: Nothing, dan
' tombol berjalan tanpa daftar itu; pakai taskpane di Mac).
Private Function KepalaPersen(ByVal persen As String) As Object
    Dim d As Object
    On Error Resume Next
    Set d = CreateObject("Scripting.Dictionary")
    On Error GoTo 0
    If Not d Is Nothing Then d.Add "X-Lkjip-Persen", persen
    Set KepalaPersen = d
End Function
