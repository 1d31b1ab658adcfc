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

// An accountant reads the credit of customers in Invoicing > Customers: the card, then the
// list with the optional column and the filter. tests/test_credit_tour.py makes the data.
registry.category("web_tour.tours").add("sale_credit_guard_accountant", {
    steps: () => [
        {
            content: "The card shows the exposure, and no limit rather than 0 available",
            trigger: ".o_kanban_record:contains(Tour Overdue Customer):contains(no limit):contains(1,200.00)",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Show the optional columns",
            trigger: ".o_optional_columns_dropdown_toggle",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains(Overdue Amount) input",
            run: "click",
        },
        {
            content: "The overdue amount of the customer",
            trigger: ".o_data_row:contains(Tour Overdue Customer) td[name=credit_overdue_amount]:contains(1,200.00)",
        },
        {
            content: "Filter the customers with overdue invoices",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            trigger: ".o_filter_menu .o_menu_item:contains(Overdue Invoices)",
            run: "click",
        },
        {
            content: "Only the overdue customer is left",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Tour Quiet Customer))) .o_data_row:contains(Tour Overdue Customer)",
        },
    ],
});
