/* pufa 默认主题的小脚本。关闭 JavaScript 时页面照常可读：这里做的都是锦上添花。
   1. 文字大小（标准 / 大 / 特大）和长辈版：记在 localStorage 里，换页、下次打开都一样。
   2. 首页“正在进行 / 即将开始”的普法活动：按读者手机上的当天日期，从页面里嵌的数据算。
   3. 文章里的表格：手机上每一行变成一张卡片。
   4. 听全文：用浏览器自带的语音朗读（speechSynthesis），没有就不显示按钮。
   5. 法律条文：跳到第几条、高亮链接到的那一条、回到顶部。 */
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

  /* ---- 2. 首页的普法活动 ---- */
  (function () {
    var data = byId("campaign-data");
    var now = byId("campaign-now");
    if (!data || !now) { return; }
    var d;
    try { d = JSON.parse(data.textContent); } catch (e) { return; }
    var t = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var today = t.getFullYear() + "-" + pad(t.getMonth() + 1) + "-" + pad(t.getDate());
    var day = function (s) { var p = s.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5; };
    var cn = function (s) { var p = s.split("-"); return +p[0] + "年" + +p[1] + "月" + +p[2] + "日"; };
    var len = function (c) { return day(c.end) - day(c.start); };
    // 本站的活动页面在前，全国普法日历在后；日历里的活动如果本站有同一年的页面，就用本站页面
    var town = (d.town || []).filter(function (c) { return c.start && c.end; });
    var cal = (d.calendar || []).filter(function (c) {
      return !town.some(function (p) { return p.id && p.id === c.id && p.start.slice(0, 4) === c.start.slice(0, 4); });
    });
    var withPage = function (c) {
      for (var i = 0; i < (d.town || []).length; i++) {
        var p = d.town[i];
        if (p.id && p.id === c.id && p.start && p.start.slice(0, 4) === c.start.slice(0, 4)) { return p; }
      }
      return null;
    };
    var running = function (list) {
      return list.filter(function (c) { return c.start <= today && today <= c.end; })
        .sort(function (a, b) { return len(a) - len(b) || (a.start < b.start ? -1 : 1); })[0] || null;
    };
    var current = running(town) || running(cal);
    var coming = town.concat(cal).filter(function (c) { return c.start > today; })
      .sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : (a.url ? -1 : 1); });
    var shown = current || coming[0];
    if (!shown) { return; }
    var page = shown.url ? shown : withPage(shown);
    now.textContent = "";
    var kicker = el("p", "kicker");
    kicker.appendChild(el("span", "badge badge-campaign", current ? "正在进行" : "即将开始"));
    if (!current) { kicker.appendChild(el("span", "kicker-extra", "还有 " + (day(shown.start) - day(today)) + " 天")); }
    now.appendChild(kicker);
    var h = el("h3", "spot-name", shown.name || shown.title);
    now.appendChild(h);
    now.appendChild(el("p", "spot-date", cn(shown.start) + (shown.end !== shown.start ? " 至 " + cn(shown.end) : "")));
    if (shown.theme) { now.appendChild(el("p", "spot-theme", "主题：" + shown.theme)); }
    var href = page ? page.url : d.all;
    if (href) {
      var p = el("p"), a = el("a", "button", page ? "查看活动安排和宣传材料" : "查看全部普法活动");
      a.href = href;
      p.appendChild(a);
      now.appendChild(p);
    }
    now.removeAttribute("hidden");
    now.setAttribute("data-today", today);
    // 下面的列表：今天以后开始的，去掉上面已经显示的那一个
    var list = byId("campaign-list");
    var title = byId("campaign-list-title");
    if (list) {
      list.textContent = "";
      var rest = coming.filter(function (c) { return c !== shown; }).slice(0, 3);
      rest.forEach(function (c) {
        var li = el("li"), tm = el("time", "", cn(c.start));
        tm.setAttribute("datetime", c.start);
        li.appendChild(tm);
        var pg = c.url ? c : withPage(c);
        if (pg) { var a = el("a", "", c.name || c.title); a.href = pg.url; li.appendChild(a); } else { li.appendChild(document.createTextNode(c.name || c.title)); }
        list.appendChild(li);
      });
      if (title) { title.textContent = "接下来的宣传节点"; title.hidden = !rest.length; }
      list.hidden = !rest.length;
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

  /* ---- 5. 法律条文：跳到第几条、高亮、回到顶部 ---- */
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
  (function () {
    var top = byId("to-top");
    if (!top) { return; }
    var tick = function () { top.classList.toggle("shown", window.scrollY > 2 * window.innerHeight); };
    window.addEventListener("scroll", tick, { passive: true });
    tick();
  })();
})();
