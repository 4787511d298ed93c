// Draws the report embedded in #report-data with Apache ECharts (inlined above). When every chart
// is drawn, <body data-report="rendered" data-charts-rendered="N">; on any error data-report="error"
// and data-report-error names it, so a headless browser can tell.
(function () {
  'use strict';
  var PALETTE = ['#3366cc', '#dc6b19', '#2a9d4b', '#b5179e', '#7a5c2e', '#00838f', '#c62828', '#546e7a'];
  var body = document.body;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function gap(v) {
    return v === null || v === undefined ? '-' : v;
  }

  // Vertical bars from low to high at each category, shifted to sit on the slot'th of count bars.
  function errorBars(series, color, slot, count) {
    var data = [];
    series.low.forEach(function (lo, i) {
      var hi = series.high[i];
      if (lo !== null && hi !== null) data.push([i, lo, hi]);
    });
    return {
      type: 'custom', name: series.name, data: data, z: 10, itemStyle: {color: color},
      encode: {x: 0, y: [1, 2]},
      tooltip: {valueFormatter: function (v) { return typeof v === 'number' ? v.toFixed(3) : v; }},
      renderItem: function (params, api) {
        var band = api.size([1, 0])[0];
        var dx = count > 1 ? (slot - (count - 1) / 2) * band * 0.7 / count : 0;
        var lo = api.coord([api.value(0), api.value(1)]);
        var hi = api.coord([api.value(0), api.value(2)]);
        var x = lo[0] + dx;
        var cap = Math.max(3, Math.min(7, band * 0.12));
        var style = {stroke: color, lineWidth: 1.5};
        return {type: 'group', children: [
          {type: 'line', shape: {x1: x, y1: lo[1], x2: x, y2: hi[1]}, style: style},
          {type: 'line', shape: {x1: x - cap, y1: lo[1], x2: x + cap, y2: lo[1]}, style: style},
          {type: 'line', shape: {x1: x - cap, y1: hi[1], x2: x + cap, y2: hi[1]}, style: style}
        ]};
      }
    };
  }

  // Every category named where they fit (stages, reasons), tilted when long; steps thin out by themselves.
  function labels(x) {
    if (x.length > 12) return {};
    var longest = x.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
    return {interval: 0, rotate: x.length * longest > 60 ? 25 : 0};
  }

  function option(chart) {
    var series = [];
    var bars = chart.kind === 'bar' || chart.kind === 'stacked_bar';
    chart.series.forEach(function (s, i) {
      var color = PALETTE[i % PALETTE.length];
      if (chart.kind === 'boxplot') {
        series.push({type: 'boxplot', name: s.name, data: s.boxes.map(function (b) { return b || []; }),
          itemStyle: {color: '#dbe6f7', borderColor: color}});
        return;
      }
      var main = {type: bars ? 'bar' : 'line', name: s.name, data: s.values.map(gap), itemStyle: {color: color},
        lineStyle: {color: color, width: 2}, symbolSize: 6, showSymbol: s.values.length <= 60};
      if (chart.kind === 'stacked_bar') main.stack = 'all';
      series.push(main);
      if (s.low) series.push(errorBars(s, color, chart.kind === 'bar' ? i : 0, chart.kind === 'bar' ? chart.series.length : 1));
    });
    return {
      animation: false,
      color: PALETTE,
      title: {text: chart.title, left: 'center', textStyle: {fontSize: 14}},
      tooltip: {trigger: chart.kind === 'boxplot' ? 'item' : 'axis'},
      legend: {top: 26, type: 'scroll', itemWidth: 16, itemGap: 8},
      grid: {top: 64, left: 78, right: 24, bottom: 64},
      xAxis: {type: 'category', data: chart.x, name: chart.x_label, nameLocation: 'middle', nameGap: 44,
        axisLabel: labels(chart.x)},
      yAxis: {type: 'value', name: chart.y_label, nameLocation: 'middle', nameGap: 58,
        scale: !chart.y_from_zero && (chart.kind === 'line' || chart.kind === 'boxplot')},
      series: series
    };
  }

  function draw(report) {
    var main = document.getElementById('report');
    var drawn = 0;
    if (report.sections.length === 0) main.appendChild(el('p', 'note', 'This run has no figures yet.'));
    report.sections.forEach(function (section) {
      var box = el('section');
      box.id = 'section-' + section.id;
      box.appendChild(el('h2', null, section.title));
      box.appendChild(el('p', 'note', section.note));
      var grid = el('div', 'charts');
      box.appendChild(grid);
      main.appendChild(box);
      section.charts.forEach(function (chart) {
        var div = el('div', 'chart');
        div.id = 'chart-' + section.id + '-' + chart.id;
        grid.appendChild(div);
        echarts.init(div, null, {renderer: 'svg'}).setOption(option(chart));
        div.setAttribute('data-rendered', 'true');
        drawn++;
      });
    });
    return drawn;
  }

  try {
    if (typeof echarts === 'undefined') throw new Error('the charting library did not load');
    var report = JSON.parse(document.getElementById('report-data').textContent);
    var drawn = draw(report);
    body.setAttribute('data-charts-rendered', String(drawn));
    body.setAttribute('data-report', 'rendered');
  } catch (e) {
    body.setAttribute('data-report', 'error');
    body.setAttribute('data-report-error', String(e && e.message ? e.message : e));
    document.getElementById('report').appendChild(el('p', 'error', 'The report could not be drawn: ' + e));
  }
})();
