from django.urls import URLPattern, path

from dispatchdesk.settings_area.views import (
    agents,
    classifier,
    contacts,
    groups,
    integrations,
    macros,
    portal,
    rules,
    service_levels,
)

app_name = "settings_area"
urlpatterns: list[URLPattern] = [
    path("", agents.agent_list, name="agents"),
    path("agents/<int:agent_id>/", agents.agent_edit, name="agent"),
    path("agents/<int:agent_id>/skills/", agents.agent_skill, name="agent_skill"),
    path("agents/<int:agent_id>/skills/<int:skill_id>/remove/", agents.agent_skill_remove, name="agent_skill_remove"),
    path("agents/<int:agent_id>/shifts/", agents.agent_shifts, name="agent_shifts"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_edit, name="group_new"),
    path("groups/<int:group_id>/", groups.group_edit, name="group"),
    path("rules/", rules.rules, name="rules"),
    path("classifier/", classifier.classifier, name="classifier"),
    path("classifier/train/", classifier.classifier_train_now, name="classifier_train"),
    path("service-levels/", service_levels.overview, name="service_levels"),
    path("service-levels/policies/new/", service_levels.policy_edit, name="policy_new"),
    path("service-levels/policies/<int:policy_id>/", service_levels.policy_edit, name="policy"),
    path("service-levels/calendars/new/", service_levels.calendar_edit, name="calendar_new"),
    path("service-levels/calendars/<int:calendar_id>/", service_levels.calendar_edit, name="calendar"),
    path("macros/", macros.macro_list, name="macros"),
    path("macros/new/", macros.macro_edit, name="macro_new"),
    path("macros/<int:macro_id>/", macros.macro_edit, name="macro"),
    path("macros/<int:macro_id>/delete/", macros.macro_remove, name="macro_delete"),
    path("contacts/import/", contacts.contact_import, name="contact_import"),
    path("portal/", portal.portal_settings, name="portal"),
    path("integrations/", integrations.subscription_list, name="integrations"),
    path("integrations/new/", integrations.subscription_new, name="subscription_new"),
    path("integrations/<int:subscription_id>/", integrations.subscription_edit, name="subscription"),
    path("integrations/<int:subscription_id>/state/", integrations.subscription_state, name="subscription_state"),
    path("integrations/deliveries/<int:delivery_id>/replay/", integrations.delivery_resend, name="delivery_replay"),
]
