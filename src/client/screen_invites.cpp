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

std::string describe(const protocol::InviteInfo& invite) {
    const std::string state = invite.state.value_or("");
    if (invite.used_by)
        return "Used by " + invite.used_by->name + " (@" + invite.used_by->handle + ")";
    if (state == "revoked") return "Revoked";
    if (state == "expired") return "Expired on " + format_date(invite.expires);
    return "Unused, valid until " + format_date(invite.expires);
}

void invite_row(Ui& ui, const protocol::InviteInfo& invite) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted(invite.code.c_str());
    ImGui::PopFont();
    ui.rects.record_last_item("invites.code." + invite.code);
    const bool unused = invite.state.value_or("unused") == "unused" && !invite.used_by;
    card_text(unused ? color::kText : color::kTextDim, describe(invite));
    if (unused) {
        const std::string copy = "Copy link##" + invite.code;
        copy_link_button(ui, copy.c_str(), "invites.copy." + invite.code, invite_path(invite.code));
        ImGui::SameLine();
        const std::string revoke = "Revoke##" + invite.code;
        if (button(ui, revoke.c_str(), "invites.revoke." + invite.code, ButtonKind::ghost))
            ui.send(protocol::RevokeInvite{invite.code});
    }
}

}  // namespace

void draw_invites(Ui& ui) {
    AppState& s = ui.state;
    begin_screen("invites", 560);
    if (button(ui, "Back", "invites.back")) s.screen = s.room ? Screen::room : Screen::hallway;
    draw_messages(ui);
    section_title("Your invites");
    begin_card();
    const int left = s.remaining_invites;
    ImGui::TextUnformatted(left == 0 ? "You have no invites left."
                           : left == 1
                               ? "You have 1 invite left."
                               : ("You have " + std::to_string(left) + " invites left.").c_str());
    if (button(ui, "Create an invite", "invites.create", ButtonKind::primary))
        ui.send(protocol::CreateInvite{});
    card_text(color::kTextDim,
              "A friend who opens an invite link signs up with the code filled in. Revoking "
              "an unused invite gives it back to you.");
    for (const auto& invite : s.invites) {
        card_divider();
        invite_row(ui, invite);
    }
    end_card();
    end_screen();
}

}  // namespace salotto::client
