/* Shows only the parts of the request form that the chosen request type uses.
   The form works without this script: every part is then shown, each labelled with
   the request type it is for. */
(function () {
  "use strict";
  var form = document.querySelector("form[action='/privacy-center/requests/new']");
  if (!form) return;
  var parts = form.querySelectorAll("fieldset.only");
  function update() {
    var chosen = form.querySelector("input[name='type']:checked");
    var type = chosen ? chosen.value : "";
    parts.forEach(function (part) {
      var used = part.getAttribute("data-for") === type;
      var invalid = part.classList.contains("invalid") || part.querySelector(".invalid");
      part.hidden = !used && !invalid;
    });
  }
  form.addEventListener("change", update);
  update();
})();
