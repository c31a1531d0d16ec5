// The demo page's controls: switch the widget's language, show the embed code for this server.
const poll = document.getElementById('demo-poll');
const origin = window.location.origin;
const script = `<script type="module" src="${origin}/widgets/inspraak.js"></script>`;
document.getElementById('snippet').textContent =
  `${script}\n<inspraak-poll poll="${poll.getAttribute('poll')}"></inspraak-poll>`;
document.getElementById('snippet-div').textContent =
  `${script}\n<div data-inspraak="poll" data-api="${origin}/v1" data-poll="${poll.getAttribute('poll')}"></div>`;
document.getElementById('lang').addEventListener('change', (event) => {
  for (const widget of document.querySelectorAll('inspraak-poll, inspraak-progress, inspraak-quickscan, inspraak-challenge')) {
    widget.setAttribute('lang', event.target.value);
  }
});
