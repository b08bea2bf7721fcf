// The invites screen: every invite the user made, with its state (unused, used by
// whom, expired, revoked); an unused one can be copied as a link (/i/<code>, which
// opens sign-up with the code filled in) or revoked, which gives its slot back.
#include <string>

#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

std::string describe(Lang lang, const protocol::InviteInfo& invite) {
    const std::string state = invite.state.value_or("");
    if (invite.used_by)
        return tr(lang, "invites.used_by",
                  {{"name", invite.used_by->name}, {"handle", invite.used_by->handle}});
    if (state == "revoked") return tr(lang, "invites.revoked");
    const std::string date = format_date(lang, invite.expires);
    if (state == "expired") return tr(lang, "invites.expired", {{"date", date}});
    return tr(lang, "invites.unused", {{"date", date}});
}

void invite_row(Ui& ui, const protocol::InviteInfo& invite) {
    const Lang lang = ui.state.lang;
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted(invite.code.c_str());
    ImGui::PopFont();
    ui.rects.record_last_item("invites.code." + invite.code, invite.code, Role::text);
    const bool unused = invite.state.value_or("unused") == "unused" && !invite.used_by;
    card_text(unused ? color::kText : color::kTextDim, describe(lang, invite));
    if (unused) {
        // button() already makes each widget id its ImGui id.
        copy_link_button(ui, tr(lang, "invites.copy"), "invites.copy." + invite.code,
                         invite_path(invite.code));
        ImGui::SameLine();
        if (button(ui, tr(lang, "invites.revoke"), "invites.revoke." + invite.code,
                   ButtonKind::ghost))
            ui.send(protocol::RevokeInvite{invite.code});
    }
}

}  // namespace

void draw_invites(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    begin_screen("invites", 560);
    if (button(ui, tr(lang, "invites.back"), "invites.back"))
        s.screen = s.room ? Screen::room : Screen::hallway;
    ui.rects.set_escape("invites.back");
    draw_messages(ui);
    section_title(tr(lang, "invites.title"));
    begin_card();
    ImGui::TextUnformatted(invites_left_text(lang, s.remaining_invites).c_str());
    if (button(ui, tr(lang, "invites.create"), "invites.create", ButtonKind::primary))
        ui.send(protocol::CreateInvite{});
    card_text(color::kTextDim, tr(lang, "invites.explained"));
    for (const auto& invite : s.invites) {
        card_divider();
        invite_row(ui, invite);
    }
    end_card();
    end_screen();
}

}  // namespace salotto::client
