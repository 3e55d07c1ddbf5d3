/* pufa 默认主题：首页“正在进行 / 即将开始”的普法活动，按读者手机上的当天日期从页面里嵌的数据（#campaign-data）算（关闭 JavaScript 时显示生成那天起的带日期列表） */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
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

})();
