/* 文字大小切换（标准 / 大 / 特大）：记在 localStorage 里，下次打开还是同样大小。
   关闭 JavaScript 时按钮不出现，页面照常可读。 */
(function () {
  var KEY = "pufa-size";
  var root = document.documentElement;
  var box = document.getElementById("size-switch");
  if (!box) { return; }
  var buttons = box.getElementsByTagName("button");
  function apply(size) {
    if (size !== "large" && size !== "xlarge") { size = "standard"; }
    root.setAttribute("data-size", size);
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === size ? "true" : "false");
    }
    return size;
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  apply(saved);
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () {
      var size = apply(this.getAttribute("data-size"));
      try { window.localStorage.setItem(KEY, size); } catch (e) { /* 隐私模式下存不了，不影响本次使用 */ }
    });
  }
  box.removeAttribute("hidden");
})();
