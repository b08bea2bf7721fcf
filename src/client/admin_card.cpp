// The admin card on a profile, shown when the server sent this account's status
// (it does so only to admins): whether the account is an admin or disabled, its
// invites, and the admin actions: grant invites, disable (after a confirmation) or
// enable the account.
#include <string>

#include "client/draw.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

// Invites one click on "Grant" adds.
constexpr int kGrantStep = 3;

}  // namespace

void draw_admin_card(Ui& ui) {
    AppState& s = ui.state;
    const auto& status = s.account_status;
    if (!status || !s.profile || status->user.id != s.profile->user.id) return;
    const protocol::UserId id = status->user.id;
    const Lang lang = s.lang;
    section_title(tr(lang, "admin.title"));
    begin_card();
    std::string summary = status->disabled ? tr(lang, "admin.disabled") : tr(lang, "admin.active");
    if (status->admin) summary = tr(lang, "admin.is_admin", {{"status", summary}});
    card_text(status->disabled ? color::kDanger : color::kText, summary);
    card_text(color::kTextDim, tr(lang, "admin.invites_left",
                                  {{"left", std::to_string(status->invites_left)},
                                   {"count", std::to_string(status->invite_quota)}}));
    if (button(ui, trn(lang, "admin.grant", kGrantStep), "profile.admin_grant", ButtonKind::soft))
        ui.send(protocol::GrantInvites{id, kGrantStep});
    const bool self = s.user && s.user->id == id;
    if (!self) {
        if (status->disabled) {
            ImGui::SameLine();
            if (button(ui, tr(lang, "admin.enable"), "profile.admin_enable", ButtonKind::primary))
                ui.send(protocol::SetAccountDisabled{id, false});
        } else if (!s.confirm_disable) {
            ImGui::SameLine();
            if (button(ui, tr(lang, "admin.disable"), "profile.admin_disable", ButtonKind::danger))
                s.confirm_disable = true;
        } else {
            card_text(color::kText, tr(lang, "admin.disable_confirm_text"));
            if (button(ui, tr(lang, "admin.disable_confirm"), "profile.admin_disable_confirm",
                       ButtonKind::danger)) {
                s.confirm_disable = false;
                ui.send(protocol::SetAccountDisabled{id, true});
            }
            ImGui::SameLine();
            if (button(ui, tr(lang, "common.cancel"), "profile.admin_disable_cancel",
                       ButtonKind::ghost))
                s.confirm_disable = false;
        }
    }
    end_card();
}

}  // namespace salotto::client
