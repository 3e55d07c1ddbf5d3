/* pufa 默认主题：法律条文页的“跳到第 … 条”、高亮链接到的那一条（关闭 JavaScript 时条文照常可读，链接到的那一条靠 CSS 高亮） */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  var UNIT = { "十": 10, "百": 100, "千": 1000 };
  // “一千二百六十” “二十” “1165” “１２” 都认得
  function number(s) {
    s = String(s).replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/^\s*第?\s*|\s*条?\s*$/g, "");
    if (/^\d+$/.test(s)) { return parseInt(s, 10); }
    if (!/^[零〇一二两三四五六七八九十百千]+$/.test(s)) { return NaN; }
    var total = 0, digit = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      if (c in DIGIT) { digit = DIGIT[c]; } else { total += (digit || 1) * UNIT[c]; digit = 0; }
    }
    return total + digit;
  }
  function articleParas(anchor) {
    var p = anchor.parentNode, out = [p];
    for (var n = p.nextElementSibling; n && n.tagName === "P" && !n.querySelector("a[id^='art-']"); n = n.nextElementSibling) { out.push(n); }
    return out;
  }
  function highlight() {
    var old = document.querySelectorAll(".law-body .hit");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("hit"); }
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^art-/.test(id)) { return; }
    var a = byId(id);
    if (a && a.parentNode && a.parentNode.tagName === "P") {
      articleParas(a).forEach(function (p) { p.classList.add("hit"); });
    }
  }
  if (document.querySelector(".law-body")) {
    highlight();
    window.addEventListener("hashchange", highlight);
  }
  (function () {
    var form = byId("law-jump");
    if (!form) { return; }
    var input = form.querySelector("input");
    var msg = form.querySelector(".jump-msg");
    var go = function (n) {
      var a = byId("art-" + n);
      if (a) {
        msg.textContent = "";
        if (location.hash === "#art-" + n) { highlight(); } else { location.hash = "art-" + n; }
        var para = a.parentNode;
        para.setAttribute("tabindex", "-1");
        para.focus({ preventScroll: true });
        para.scrollIntoView({ block: "start" });
        return true;
      }
      // 大部头法律的总览页：目录里写着每一部分是第几条到第几条
      var parts = document.querySelectorAll(".law-body li");
      for (var i = 0; i < parts.length; i++) {
        var link = parts[i].querySelector("a");
        var m = /第([零〇一二两三四五六七八九十百千]+)条至第([零〇一二两三四五六七八九十百千]+)条/.exec(parts[i].textContent);
        if (link && m && number(m[1]) <= n && n <= number(m[2])) {
          location.href = link.href.split("#")[0] + "#art-" + n;
          return true;
        }
      }
      return false;
    };
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var n = number(input.value);
      if (!(n > 0)) { msg.textContent = "请输入条号，例如 20 或 二十。"; return; }
      if (!go(n)) {
        var back = form.getAttribute("data-overview");
        if (back) { location.href = back + "?art=" + n; return; }
        msg.textContent = "本页没有第 " + n + " 条。" + (form.getAttribute("data-range") || "");
      }
    });
    // 从别的部分跳过来：总览页?art=N 找到所在的部分再跳过去
    var q = /[?&]art=(\d+)/.exec(location.search);
    if (q && !go(parseInt(q[1], 10))) { msg.textContent = "这部法律里没有找到第 " + q[1] + " 条。"; }
    form.removeAttribute("hidden");
  })();
})();
