/* pufa 默认主题的小脚本。关闭 JavaScript 时页面照常可读：这里做的都是锦上添花。
   1. 文字大小（标准 / 大 / 特大）和长辈版：记在 localStorage 里，换页、下次打开都一样。
   3. 文章里的表格：手机上每一行变成一张卡片。
   4. 听全文：用浏览器自带的语音朗读（speechSynthesis），没有就不显示按钮。
   首页的普法活动在 pufa-campaigns.js，法律条文的跳转和高亮在 pufa-law.js，只在那些页面加载。 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";
  function store(key, value) {
    try { if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); } } catch (e) { /* 隐私模式下存不了，不影响本次使用 */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  /* ---- 1. 文字大小和长辈版 ---- */
  (function () {
    var view = byId("view-switch");
    var box = byId("size-switch");
    var elder = byId("elder-switch");
    if (box) {
      var buttons = box.getElementsByTagName("button");
      var apply = function (size) {
        if (size !== "large" && size !== "xlarge") { size = "standard"; }
        root.setAttribute("data-size", size);
        for (var i = 0; i < buttons.length; i++) {
          buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === size ? "true" : "false");
        }
        return size;
      };
      apply(stored("pufa-size"));
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].addEventListener("click", function () { store("pufa-size", apply(this.getAttribute("data-size"))); });
      }
      box.removeAttribute("hidden");
    }
    if (elder) {
      var setElder = function (on) {
        if (on) { root.setAttribute("data-elder", "on"); } else { root.removeAttribute("data-elder"); }
        elder.setAttribute("aria-pressed", on ? "true" : "false");
      };
      setElder(stored("pufa-elder") === "on");
      elder.addEventListener("click", function () {
        var on = root.getAttribute("data-elder") !== "on";
        setElder(on);
        store("pufa-elder", on ? "on" : null);
      });
    }
    if (view) { view.removeAttribute("hidden"); }
    // 手机上导航条可以左右滑：把当前栏目滑到看得见的地方
    var cur = document.querySelector(".main-nav a[aria-current]");
    if (cur && cur.parentNode && cur.parentNode.parentNode) {
      var ul = cur.parentNode.parentNode;
      if (ul.scrollWidth > ul.clientWidth) { ul.scrollLeft = Math.max(0, cur.offsetLeft - 16); }
    }
  })();

  /* ---- 3. 文章里的表格：手机上变成卡片（每格前面写上它的列名） ---- */
  (function () {
    var tables = document.querySelectorAll(".prose table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      var head = t.tHead && t.tHead.rows[0];
      if (!head || head.cells.length < 3) { continue; }
      var labels = [];
      for (var c = 0; c < head.cells.length; c++) { labels.push(head.cells[c].textContent.trim()); }
      var rows = t.tBodies.length ? t.tBodies[0].rows : [];
      for (var r = 0; r < rows.length; r++) {
        for (var k = 0; k < rows[r].cells.length; k++) {
          if (labels[k]) { rows[r].cells[k].setAttribute("data-label", labels[k]); }
        }
      }
      t.className += " t-cards";
    }
  })();

  /* ---- 4. 听全文 ---- */
  (function () {
    var box = byId("listen");
    var synth = window.speechSynthesis;
    if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
    var article = document.querySelector("main article") || document.querySelector("main");
    var play = box.querySelector(".listen-play");
    var pause = box.querySelector(".listen-pause");
    var stop = box.querySelector(".listen-stop");
    var status = box.querySelector(".listen-status");
    var state = "idle";
    var marked = null;
    var mark = function (e) {
      if (marked) { marked.classList.remove("reading"); }
      marked = e;
      if (e) { e.classList.add("reading"); }
    };
    var show = function (s) {
      state = s;
      play.hidden = s !== "idle";
      pause.hidden = s === "idle";
      stop.hidden = s === "idle";
      pause.textContent = s === "paused" ? "继续" : "暂停";
      status.textContent = s === "speaking" ? "正在朗读" : s === "paused" ? "已暂停" : "";
      if (s === "idle") { mark(null); }
    };
    // 要读的段落：标题、提要、事实和正文，不读折叠着的法条、目录、分类标签和打印用的二维码
    var blocks = function () {
      var out = [];
      var walk = function (n) {
        for (var c = n.firstElementChild; c; c = c.nextElementSibling) {
          if (c.matches("details, nav, .tags, .print-qr, .listen, .jump, .kicker, script, style, figure, [hidden], .board-transcript-note")) { continue; }
          if (c.matches("h1, h2, h3, h4, p, li, dt, dd, blockquote > p, td, th, figcaption")) {
            var text = c.textContent.replace(/\s+/g, " ").trim();
            if (text) { out.push({ e: c, text: text }); }
          } else { walk(c); }
        }
      };
      walk(article);
      return out;
    };
    // 浏览器一次读太长会中断：按句子切成不超过 120 字的小段
    var pieces = function (text) {
      var parts = text.match(/[^。！？；!?;]+[。！？；!?;”’」）)]*|[。！？；!?;]+/g) || [text];
      var out = [], buf = "";
      for (var i = 0; i < parts.length; i++) {
        if (buf && (buf + parts[i]).length > 120) { out.push(buf); buf = ""; }
        buf += parts[i];
        while (buf.length > 120) { out.push(buf.slice(0, 120)); buf = buf.slice(120); }
      }
      if (buf) { out.push(buf); }
      return out;
    };
    var run = 0;
    play.addEventListener("click", function () {
      synth.cancel();
      var my = ++run;
      var list = blocks();
      var count = 0;
      list.forEach(function (b) {
        pieces(b.text).forEach(function (p) {
          var u = new window.SpeechSynthesisUtterance(p);
          u.lang = "zh-CN";
          u.rate = 0.9;
          u.onstart = function () { if (my === run) { mark(b.e); } };
          count++;
          u.onend = u.onerror = function () { count--; if (my === run && count === 0) { show("idle"); } };
          synth.speak(u);
        });
      });
      show(count ? "speaking" : "idle");
    });
    pause.addEventListener("click", function () {
      if (state === "speaking") { synth.pause(); show("paused"); } else if (state === "paused") { synth.resume(); show("speaking"); }
    });
    stop.addEventListener("click", function () { run++; synth.cancel(); show("idle"); });
    window.addEventListener("pagehide", function () { synth.cancel(); });
    show("idle");
    box.removeAttribute("hidden");
  })();

  /* ---- 回到顶部：往下翻了两屏以上才出现 ---- */
  (function () {
    var top = byId("to-top");
    if (!top) { return; }
    var tick = function () { top.classList.toggle("shown", window.scrollY > 2 * window.innerHeight); };
    window.addEventListener("scroll", tick, { passive: true });
    tick();
  })();
})();
