// The app's entry point: the shell element and the service worker that keeps
// the app and the starter's own upcoming sessions readable offline.

import "./app.js";
import { locale } from "./core/i18n.js";

document.documentElement.lang = locale();

if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => {
      console.warn("samen: no offline support", error);
    });
  });
}
