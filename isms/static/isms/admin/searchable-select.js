/*
 * Progressive enhancement of <select multiple data-searchable-select> (isms/widgets.py).
 *
 * The select is kept, hidden, and stays the form's field: every choice made here selects or
 * deselects one of its options. Above it: the chosen options as chips with a remove button; below
 * them a combobox that filters the options by any part of their label (reference or title), and
 * adds the one clicked (or picked with the arrow keys and Enter) to the choice.
 */
(function () {
    "use strict";

    var MAX_SHOWN = 50;
    var counter = 0;

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text) node.textContent = text;
        return node;
    }

    function normalised(text) {
        return text.toLowerCase().replace(/\s+/g, " ").trim();
    }

    function enhance(select) {
        if (select.dataset.searchableSelectReady) return;
        select.dataset.searchableSelectReady = "true";
        counter += 1;
        var id = select.id || "searchable-select-" + counter;
        var noun = select.dataset.noun || "option";
        var label = document.querySelector('label[for="' + id + '"]');
        var options = Array.prototype.map.call(select.options, function (option) {
            var group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
            return { option: option, text: option.textContent, group: group, key: normalised(group + " " + option.textContent) };
        });

        var root = element("div", "searchable-select");
        var chosenHeading = element("p", "searchable-select__heading", "Chosen");
        chosenHeading.id = id + "-chosen-heading";
        var chips = element("ul", "searchable-select__chips");
        chips.setAttribute("aria-labelledby", chosenHeading.id);
        var empty = element("p", "searchable-select__empty", "No " + noun + " chosen yet.");
        var input = element("input", "searchable-select__input");
        input.type = "search";
        input.id = id + "-search";
        input.placeholder = select.dataset.placeholder || "Type to search";
        input.autocomplete = "off";
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", id + "-results");
        var searchLabel = element("label", "searchable-select__label", "Add a " + noun);
        searchLabel.htmlFor = input.id;
        var results = element("ul", "searchable-select__results");
        results.id = id + "-results";
        results.setAttribute("role", "listbox");
        results.setAttribute("aria-label", "Matching " + noun + "s");
        results.hidden = true;
        var status = element("p", "w-sr-only");
        status.setAttribute("aria-live", "polite");

        root.append(chosenHeading, chips, empty, searchLabel, input, results, status);
        select.insertAdjacentElement("afterend", root);
        select.hidden = true;
        select.required = false;  // the server says when none is chosen
        if (label) {
            label.htmlFor = input.id;
        }
        var field = select.closest(".w-field");
        var help = field && field.querySelector("[data-field-help] .help");
        if (help && select.dataset.enhancedHelp) {
            help.textContent = select.dataset.enhancedHelp;
        }
        var active = -1;

        function announce(message) {
            status.textContent = message;
        }

        function renderChips() {
            chips.replaceChildren();
            var chosen = options.filter(function (entry) { return entry.option.selected; });
            chosen.forEach(function (entry) {
                var chip = element("li", "searchable-select__chip");
                chip.append(element("span", "", entry.text));
                var remove = element("button", "searchable-select__remove", "×");
                remove.type = "button";
                remove.setAttribute("aria-label", "Remove " + entry.text);
                remove.addEventListener("click", function () {
                    entry.option.selected = false;
                    select.dispatchEvent(new Event("change", { bubbles: true }));
                    renderChips();
                    renderResults();
                    announce("Removed " + entry.text);
                    input.focus();
                });
                chip.append(remove);
                chips.append(chip);
            });
            empty.hidden = chosen.length > 0;
        }

        function matches() {
            var words = normalised(input.value).split(" ").filter(Boolean);
            return options.filter(function (entry) {
                return !entry.option.selected && words.every(function (word) { return entry.key.indexOf(word) !== -1; });
            });
        }

        function renderResults() {
            results.replaceChildren();
            var found = matches();
            var open = document.activeElement === input || input.value !== "";
            found.slice(0, MAX_SHOWN).forEach(function (entry, index) {
                var item = element("li", "searchable-select__result");
                item.id = id + "-result-" + index;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", index === active ? "true" : "false");
                item.append(element("span", "", entry.text));
                if (entry.group) item.append(element("small", "", entry.group));
                item.addEventListener("mousedown", function (event) { event.preventDefault(); });
                item.addEventListener("click", function () { add(entry); });
                results.append(item);
            });
            if (found.length > MAX_SHOWN) {
                results.append(element("li", "searchable-select__more", (found.length - MAX_SHOWN) + " more: type more of the reference or title"));
            }
            if (!found.length && input.value) {
                results.append(element("li", "searchable-select__more", "No " + noun + " matches “" + input.value + "”"));
            }
            results.hidden = !open || !results.children.length;
            input.setAttribute("aria-expanded", results.hidden ? "false" : "true");
            if (active >= 0 && active < Math.min(found.length, MAX_SHOWN)) {
                input.setAttribute("aria-activedescendant", id + "-result-" + active);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
            return found;
        }

        function add(entry) {
            entry.option.selected = true;
            select.dispatchEvent(new Event("change", { bubbles: true }));
            input.value = "";
            active = -1;
            renderChips();
            renderResults();
            announce("Added " + entry.text);
            input.focus();
        }

        input.addEventListener("input", function () { active = -1; renderResults(); });
        input.addEventListener("focus", renderResults);
        input.addEventListener("blur", function () { results.hidden = true; input.setAttribute("aria-expanded", "false"); });
        input.addEventListener("keydown", function (event) {
            var shown = Math.min(matches().length, MAX_SHOWN);
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                if (!shown) return;
                active = event.key === "ArrowDown" ? (active + 1) % shown : (active - 1 + shown) % shown;
                renderResults();
                var current = document.getElementById(id + "-result-" + active);
                if (current) current.scrollIntoView({ block: "nearest" });
            } else if (event.key === "Enter") {
                var found = matches();
                var pick = active >= 0 ? found[active] : (found.length === 1 ? found[0] : null);
                if (input.value || active >= 0) event.preventDefault();  // never submit a half-typed search
                if (pick) add(pick);
            } else if (event.key === "Escape" && !results.hidden) {
                event.preventDefault();
                results.hidden = true;
                input.setAttribute("aria-expanded", "false");
            }
        });

        renderChips();
    }

    function enhanceAll() {
        document.querySelectorAll("select[multiple][data-searchable-select]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", enhanceAll);
    } else {
        enhanceAll();
    }
})();
