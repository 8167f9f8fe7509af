// Authentication for xlwings Server (overrides its static/js/auth.js): Entra ID as xlwings does it, or
// lkjip_xl's "custom" provider, whose token the operator types once into the task pane (auth/custom).
globalThis.getAuth = async function () {
  const providers = (globalThis.config && globalThis.config.authProviders) || [];
  if (providers.includes("entraid")) {
    return { token: await xlwings.getAccessToken(), provider: "entraid" };
  }
  if (providers.includes("custom")) {
    let token = "";
    try {
      token = localStorage.getItem("lkjip-token") || "";
    } catch (error) {
      console.error(error);
    }
    return { token: token, provider: "custom" };
  }
  return { token: "", provider: "" };
};
