// typing.js: what the search page (ui.js) and the header suggestions
// (suggest.js) share to answer a box as the user types: an input watcher
// that waits for typing to settle and for an IME to commit, and a loader
// whose newest query cancels the fetches only older queries wait for.

// DELAY is how long typing must pause, in ms, before a query runs: one
// query per word typed rather than one per keystroke.
export var DELAY = 200;

// watch calls on.run(value) once the text of input settles: DELAY ms
// after its last change, never while an IME composes (the pinyin typed
// between compositionstart and compositionend is not the query), and
// right after compositionend. on.typing(), if given, is called at each
// change that schedules a run. It returns cancel, which drops a pending
// run (a submit runs the query itself).
export function watch(input, on) {
  var timer = 0, composing = false;
  function later(ms) {
    clearTimeout(timer);
    if (on.typing) on.typing();
    timer = setTimeout(function () { on.run(input.value); }, ms);
  }
  input.addEventListener('compositionstart', function () { composing = true; clearTimeout(timer); });
  input.addEventListener('compositionend', function () { composing = false; later(0); });
  input.addEventListener('input', function (ev) {
    // Safari sends the committing input after compositionend, Chrome before.
    if (!composing && !ev.isComposing) later(DELAY);
  });
  return function cancel() { clearTimeout(timer); };
}

// Loader fetches an index's files with load (format.js's fetcher, which
// takes an AbortSignal) for a sequence of queries of which only the
// newest matters. next() starts a query and returns its load (the load
// function of format.js's Files, for a new Index per query) and
// stale(), true once a newer query started. A file is fetched once and
// kept; when the newest query has its results (done), the fetches it did
// not ask for, which only older queries wait for, are aborted, and those
// queries fail with an AbortError. Abort is not immediate on next(): the
// next query of a user typing on usually asks for the same files.
export function Loader(load) {
  var files = new Map(), newest = 0;
  this.next = function () {
    var q = ++newest;
    return {
      load: function (path, kind) { return get(path, kind, q); },
      stale: function () { return q !== newest; },
      done: function () { if (q === newest) abortOthers(q); }
    };
  };
  // reset forgets every file, for a page whose index was published anew.
  this.reset = function () { files.clear(); };
  function get(path, kind, q) {
    var f = files.get(path);
    if (!f) {
      f = { ctrl: new AbortController(), users: new Set(), done: false };
      f.p = load(path, kind, f.ctrl.signal).then(function (v) {
        f.done = true;
        return v;
      }, function (e) {
        if (files.get(path) === f) files.delete(path); // a later query fetches it again
        throw e;
      });
      files.set(path, f);
    }
    f.users.add(q);
    return f.p;
  }
  function abortOthers(q) {
    files.forEach(function (f, path) {
      if (f.done || f.users.has(q)) return;
      files.delete(path);
      f.ctrl.abort();
    });
  }
}

// aborted reports whether an error is a fetch that Loader aborted.
export function aborted(e) { return !!e && e.name === 'AbortError'; }
