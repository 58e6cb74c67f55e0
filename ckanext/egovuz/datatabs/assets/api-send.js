/* The Web service tab: build the request URL from the form and "Send" it, showing the
   pretty-printed JSON answer. No third-party code. */
this.ckan.module('egovuz-api-send', function ($) {
  return {
    initialize: function () {
      var root = this.el[0];
      var urlEl = root.querySelector('.egovuz-api__url');
      var out = root.querySelector('.egovuz-api__response');
      var form = root.querySelector('.egovuz-api__form');
      function buildUrl() {
        var url = new URL(urlEl.dataset.base, window.location.href);
        url.searchParams.set('resource_id', urlEl.dataset.resource);
        ['limit', 'offset', 'q', 'filters'].forEach(function (name) {
          var v = form.elements[name].value.trim();
          if (v !== '') { url.searchParams.set(name, v); }
        });
        urlEl.textContent = url.toString();
        return url;
      }
      form.addEventListener('submit', function (ev) { ev.preventDefault(); });
      form.addEventListener('input', buildUrl);
      buildUrl();
      var send = root.querySelector('.egovuz-api__send');
      send.addEventListener('click', function () {
        var headers = {};
        var token = form.elements.token.value.trim();
        if (token) { headers.Authorization = token; }
        out.hidden = false;
        out.textContent = '…';
        fetch(buildUrl(), {headers: headers, credentials: 'same-origin'})
          .then(function (r) { return r.text().then(function (t) { return [r.status, t]; }); })
          .then(function (res) {
            var text = res[1];
            try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON */ }
            out.textContent = 'HTTP ' + res[0] + '\n' + text;
          })
          .catch(function (err) { out.textContent = String(err); });
      });
      send.disabled = false;  // rendered disabled: a click before this point did nothing
    }
  };
});
