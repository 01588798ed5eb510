// The slides remark itself makes of a deck: `node tests/remark_count.js deck.md`.
//
// Loads gnab/remark's own model (npm package remark-slide, installed by
// `make test` into .tools/remark/) and prints JSON on stdout:
//   {"shown": <slides remark shows>, "continued": <those made by `--`>,
//    "slides": [{"name", "class", "count", "continued"}, ...]}
// Layout slides (`layout: true`) are not among the shown slides, and remark's
// parser drops `exclude: true` slides before the model sees them.
// The file is remark's source: Markdown as knitr hands it to remark (no YAML
// header; tests/test_import_remark.py prepares it from a .Rmd deck).
'use strict';

var path = require('path');
var fs = require('fs');

// remark's converter creates a <div> when it is loaded; counting never renders.
global.document = { createElement: function () { return {}; } };

var tools = process.env.REMARK_MODULES || path.join(__dirname, '..', '.tools', 'remark', 'node_modules');
var EventEmitter = require('events').EventEmitter;
var Slideshow = require(path.join(tools, 'remark-slide', 'src', 'remark', 'models', 'slideshow'));

var source = fs.readFileSync(process.argv[2], 'utf8');
var slideshow = new Slideshow(new EventEmitter(), {}, { source: source });
var slides = slideshow.getSlides().map(function (slide) {
  var props = slide.properties;
  return {
    name: props.name || '',
    class: props['class'] || '',
    count: props.count || '',
    continued: props.continued === 'true'
  };
});

process.stdout.write(JSON.stringify({
  shown: slides.length,
  continued: slides.filter(function (s) { return s.continued; }).length,
  slides: slides
}) + '\n');
