/* The 評価書 editor's keyboard help (the page works without it; see ADR 0011).
 *
 * - Enter in a one-line field does not submit the form (without this script it presses the
 *   form's first submit button, 「入力を反映して表示を更新」, which stores nothing); Enter in
 *   「保存時のメモ」 saves.
 * - Ctrl+S / ⌘S saves (instead of the browser's own save dialog).
 * - The control that had focus last is posted as `return_to`: after 「保存」 the redirect's
 *   fragment names it, and the browser scrolls there and focuses it (a fragment that names a
 *   focusable element focuses it). Re-rendered pages (「表示を更新」, repeat operations) name
 *   the place in `data-return-to` (the control, or the element the operation acted on), and this
 *   script scrolls there and focuses its first control; their buttons' `#fragments` (for pages
 *   without JavaScript) are dropped on submit, since scrolling to a fragment that names no
 *   focusable element takes the focus away again.
 * - The page's messages, repeated in the save bar (which is in view when the page came back to
 *   a field far below them), are announced: a live region announces changes, not its content
 *   at load, so the text is put in again once the page is shown.
 * - The bar never covers the focused control: its height is the viewport's scroll-padding-bottom
 *   (the stylesheet has a fixed guess without this script), and a control the bar still partly
 *   covers (the browser does not scroll for a control that is mostly in view) is scrolled up.
 * - Leaving the page with input not yet saved asks first (the browser's own 「このサイトを離れますか」):
 *   input typed on this page, or a page the server built from a post (「表示を更新」, a repeat
 *   operation, a refused save: `data-unsaved`). Submitting the editor form itself does not ask: it
 *   keeps the input (a save stores it, the other buttons show it again).
 * No inline script or style: served as a static file under the Content-Security-Policy. */
(function () {
  "use strict";

  var CONTROLS = "input:not([type=hidden]), select, textarea, button";
  var PLACES = ".field, .item-heading, fieldset.element, fieldset.repeat, section.block";
  var NOT_A_FIELD = /^(submit|button|reset|image|hidden)$/;
  var ANCHOR = /^f-[A-Za-z0-9_-]+$/;
  var submitting = false;
  var pointing = false; // the last focus change came from the mouse, a pen or a touch
  var typed = false; // input typed on this page since it was shown
  var leaving = false; // the editor form is being submitted: its input goes with it

  function editorForm() {
    return document.getElementById("editor-form");
  }

  function saveButton(form) {
    return form.querySelector('button[name="op"][value="save"]');
  }

  function submitWith(form, button) {
    if (!button || submitting) return;
    submitting = true; // a second save of the same page would only meet its own first as a conflict
    window.setTimeout(function () {
      submitting = false; // the navigation was stopped (Esc) or failed: the shortcut works again
    }, 10000);
    if (typeof form.requestSubmit === "function") form.requestSubmit(button);
    else button.click();
  }

  function isOneLineField(el) {
    return el.tagName === "INPUT" && !NOT_A_FIELD.test(el.type);
  }

  function isSaveShortcut(event) {
    return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey &&
      (event.key === "s" || event.key === "S");
  }

  document.addEventListener("keydown", function (event) {
    var form = editorForm();
    if (!form) return;
    if (isSaveShortcut(event)) {
      var save = saveButton(form);
      if (!save) return; // read-only page: the browser keeps its own shortcut
      event.preventDefault();
      if (!event.repeat) submitWith(form, save);
      return;
    }
    var target = event.target;
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return; // 229: IME
    if (!form.contains(target) || !isOneLineField(target)) return;
    event.preventDefault();
    if (target.name === "note") submitWith(form, saveButton(form));
  });

  // The place the user works at: the focused control, else the field or element holding it.
  document.addEventListener("focusin", function (event) {
    var form = editorForm();
    var target = event.target;
    if (!form || !form.contains(target) || target.closest(".save-bar, .editor-top")) return;
    var place = ANCHOR.test(target.id) ? target : target.closest(PLACES);
    if (place && place.id && form.elements.return_to) form.elements.return_to.value = place.id;
    if (!pointing) keepClearOfBar(target); // a click aims at what the user sees: no jump under the pointer
  });

  document.addEventListener("pointerdown", function () {
    pointing = true;
  }, true);
  document.addEventListener("keydown", function () {
    pointing = false;
  }, true);

  function keepClearOfBar(control) {
    var bar = document.getElementById("editor-bar");
    if (!bar) return;
    var box = control.getBoundingClientRect();
    var barTop = bar.getBoundingClientRect().top;
    if (box.bottom > barTop && box.top < barTop && box.height < barTop) control.scrollIntoView({ block: "nearest" });
  }

  function markTyped(event) {
    var form = editorForm();
    if (form && form.contains(event.target) && !event.target.closest(".save-bar")) typed = true;
  }
  document.addEventListener("input", markTyped);
  document.addEventListener("change", markTyped);

  function hasUnsavedInput(form) {
    return !!saveButton(form) && (typed || form.getAttribute("data-unsaved") === "1");
  }

  window.addEventListener("beforeunload", function (event) {
    var form = editorForm();
    if (!form || leaving || !hasUnsavedInput(form)) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when a value is set
  });

  document.addEventListener("submit", function (event) {
    if (event.target === editorForm()) {
      leaving = true;
      window.setTimeout(function () {
        leaving = false; // the navigation was stopped or failed: leaving by a link asks again
      }, 10000);
    }
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.form !== editorForm() || !button.hasAttribute("formaction")) return;
    button.setAttribute("formaction", button.getAttribute("formaction").split("#")[0]);
  });

  window.addEventListener("pageshow", function () {
    submitting = false; // back/forward cache: the page may be shown again after a submit
    leaving = false;
  });

  function returnToPlace(form) {
    var named = form.getAttribute("data-return-to");
    var target = named && document.getElementById(named);
    if (!target || !form.contains(target) || window.location.hash) return;
    var isControl = target.matches(CONTROLS);
    var control = isControl ? target : target.querySelector(CONTROLS);
    (isControl ? target.closest(PLACES) || target : target).scrollIntoView({ block: "start" });
    if (control) control.focus({ preventScroll: true });
  }

  function announceMessages() {
    var status = document.getElementById("editor-status");
    var text = status ? status.textContent.trim() : "";
    if (!text) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 200);
  }

  function padForSaveBar() {
    var bar = document.getElementById("editor-bar");
    if (bar) document.documentElement.style.setProperty("--editor-bar-height", bar.offsetHeight + "px");
  }

  function showShortcut(form) {
    var save = saveButton(form);
    var hint = document.getElementById("editor-shortcut");
    if (save) save.setAttribute("aria-keyshortcuts", "Control+S Meta+S");
    if (hint) hint.hidden = false;
  }

  function start() {
    var form = editorForm();
    if (!form) return;
    showShortcut(form);
    padForSaveBar();
    returnToPlace(form);
    announceMessages();
  }

  window.addEventListener("resize", padForSaveBar);
  document.addEventListener("htmx:afterSettle", function () {
    var form = editorForm();
    if (form) showShortcut(form); // the form (and its save bar) was swapped in anew
    padForSaveBar();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
