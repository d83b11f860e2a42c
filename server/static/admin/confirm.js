// A form with data-confirm (taking an account out of use, revoking a token, removing a
// calendar day) asks before it is sent.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
}, true);
