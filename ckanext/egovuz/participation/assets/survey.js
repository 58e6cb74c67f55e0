/* The user survey (S-PANEL-2), offered once per visitor: the dialog opens on the first
   page a visitor sees and is never offered again, whether answered, dismissed or closed
   (remembered in localStorage; the server also sets a cookie when it is answered). */
ckan.module("egovuz-survey", function ($) {
  var KEY = "egovuz-survey";
  return {
    initialize: function () {
      var dialog = this.el[0];
      var stored = null;
      try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = "unavailable"; }
      var remember = function (value) {
        try { window.localStorage.setItem(KEY, value); } catch (e) { /* private mode */ }
      };
      $(dialog).find("[data-egovuz-survey-dismiss]").on("click", function () {
        remember("dismissed");
        dialog.close();
      });
      $(dialog).find("form").on("submit", function () { remember("answered"); });
      $(dialog).on("cancel", function () { remember("dismissed"); });
      $("[data-egovuz-survey-open]").on("click", function (event) {
        if (typeof dialog.showModal === "function") {
          event.preventDefault();
          dialog.showModal();
        }
      });
      if (stored || typeof dialog.showModal !== "function") {
        return;
      }
      remember("offered");
      window.setTimeout(function () { if (!dialog.open) { dialog.showModal(); } }, 3000);
    }
  };
});
