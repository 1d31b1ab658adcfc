/** @odoo-module **/
// Copyright 2026 sale-order-flow contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
//
// Tours of the approval flow. They rely on the data that tests/test_browser.py creates:
// customer "Tour Customer", product "Tour Cabinet" (100.00), a tier from 1,000.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sale_order_flow_submit", {
    steps: () => [
        {
            content: "Create a quotation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".ui-autocomplete a:contains(Tour Customer)",
            run: "click",
        },
        {
            content: "Add a product",
            trigger: "a:contains(Add a product)",
            run: "click",
        },
        {
            trigger: ".o_selected_row div[name=product_template_id] input",
            run: "edit Tour Cabinet",
        },
        {
            trigger: ".ui-autocomplete a:contains(Tour Cabinet)",
            run: "click",
        },
        {
            content: "20 cabinets: 2,000, above the first approval tier",
            trigger: ".o_selected_row div[name=product_uom_qty] input",
            run: "edit 20",
        },
        {
            content: "Leave the line",
            trigger: "a[name=order_lines]",
            run: "click",
        },
        {
            content: "Before saving, the review panel says Confirm will submit it, and to which tier",
            trigger: ".o_sale_review_panel[data-outcome=submit]:contains(Level 1: Sales approval)",
        },
        {
            content: "Save the quotation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Confirm",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The order waits for approval",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Waiting Approval)",
        },
        {
            content: "The review panel says which level waits",
            trigger: ".o_sale_review_panel[data-outcome=wait]:contains(Waiting for approval: Sales approval)",
        },
    ],
});

registry.category("web_tour.tours").add("sale_order_flow_approve", {
    steps: () => [
        {
            content: "Open the order waiting for my approval",
            trigger: ".o_data_row:contains(Tour Customer) td[name=name], .o_kanban_record:contains(Tour Customer)",
            run: "click",
        },
        {
            content: "The review panel says what waits for me and what follows",
            trigger: ".o_sale_review_panel[data-outcome=wait]:contains(After the last approval)",
        },
        {
            content: "Approve it",
            trigger: ".o_statusbar_buttons button[name=action_open_approve_wizard]",
            run: "click",
        },
        {
            content: "The dialog says what is approved and what follows; confirm it",
            trigger: ".modal:contains(You approve this step):contains(After the last approval, the order is confirmed) .modal-footer button[name=action_approve]",
            run: "click",
        },
        {
            content: "It is confirmed: the review panel is gone",
            trigger: ".o_form_view:not(:has(.o_sale_review_panel)) .o_statusbar_status .o_arrow_button_current:contains(Sales Order)",
        },
    ],
});

registry.category("web_tour.tours").add("sale_order_flow_approve_phone", {
    steps: () => [
        {
            content: "On a phone the queue shows cards with their own Approve button",
            trigger: ".o_kanban_record:contains(Tour Customer) button[name=action_open_approve_wizard]",
            run: "click",
        },
        {
            content: "Confirm the approval",
            trigger: ".modal .modal-footer button[name=action_approve]",
            run: "click",
        },
        {
            content: "The approved order leaves the queue",
            trigger: ".o_action:not(:has(.o_kanban_record:contains(Tour Customer)))",
        },
    ],
});

/**
 * On a phone, the salesperson opens Solve Shortage, picks ``choice`` for ``product``, checks
 * what the choice shows (``checks``: more steps in the line's dialog) and applies.
 */
function shortagePhoneSteps(product, choice, checks = []) {
    return [
        {
            content: "On a phone the order's buttons are in the gear menu",
            trigger: ".o_control_panel .o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Solve the shortage found by the stock check",
            trigger: ".o-dropdown--menu :contains(Solve Shortage):not(:has(*))",
            run: "click",
        },
        {
            content: "Open the short product",
            trigger: `.modal .o_kanban_record:contains(${product})`,
            run: "click",
        },
        {
            content: `Choose: ${choice}`,
            trigger: `.modal:last .o_field_widget[name=choice] input[data-value=${choice}]`,
            run: "click",
        },
        ...checks,
        {
            content: "Keep the choice",
            trigger: ".modal:last .o_form_button_save",
            run: "click",
        },
        {
            content: "Apply the choices",
            trigger: ".modal .modal-footer button[name=action_apply]",
            run: "click",
        },
        {
            content: "The dialog closes on the order",
            trigger: "body:not(:has(.modal)) .o_form_view",
        },
    ];
}

registry.category("web_tour.tours").add("sale_order_flow_shortage_phone", {
    steps: () => shortagePhoneSteps("Tour Widget", "reduce"),
});

registry.category("web_tour.tours").add("sale_order_flow_shortage_later_phone", {
    steps: () =>
        shortagePhoneSteps("Tour Gadget", "later", [
            {
                content: "The date of the later delivery appears, offered from the next receipt",
                trigger: ".modal:last .o_field_widget[name=later_date] input",
            },
        ]),
});
