/** @odoo-module **/
// Copyright 2026 sale-order-flow contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
//
// A credit controller releases a held order. tests/test_browser.py creates the order of
// "Tour Held Customer" and puts it on hold.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sale_credit_guard_release", {
    steps: () => [
        {
            content: "Open the held order from the Credit Holds queue",
            trigger: ".o_data_row:contains(Tour Held Customer) td[name=name], .o_kanban_record:contains(Tour Held Customer)",
            run: "click",
        },
        {
            content: "The review panel says it is held, and why, with the numbers",
            trigger: ".o_sale_review_panel[data-outcome=hold]:contains(On credit hold):contains(With this order)",
        },
        {
            content: "Release it",
            trigger: ".o_statusbar_buttons button[name=action_open_credit_release_wizard]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal div[name=note] textarea",
            run: "edit Prepayment received by wire",
        },
        {
            trigger: ".modal button[name=action_release]",
            run: "click",
        },
        {
            content: "The hold is gone and the release confirmed the order",
            trigger: ".o_form_view:not(:has(.o_sale_review_panel)) .o_statusbar_status .o_arrow_button_current:contains(Sales Order)",
        },
    ],
});
