// Onboarding: sign up with an invite code, or log in.
#include <algorithm>
#include <cmath>

#include "client/draw.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

// Handles are lower case; fold capitals as they are typed instead of rejecting later.
int handle_filter(ImGuiInputTextCallbackData* data) {
    if (data->EventChar >= 'A' && data->EventChar <= 'Z') data->EventChar += 'a' - 'A';
    return data->EventChar == ' ' ? 1 : 0;
}

const char* text(const auto& buffer) {
    return buffer.data();
}

}  // namespace

void draw_onboarding(Ui& ui) {
    begin_screen("onboarding", 440);
    auto& f = ui.ui;
    float height = ImGui::GetMainViewport()->Size.y;
    ImGui::Dummy(ImVec2(0, std::round(std::max(0.0f, height * 0.08f - 10))));

    ImGui::PushFont(ui.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("Drop-in audio rooms. Pull up a chair, listen in, raise your hand.");
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 6));

    // Sign up / Log in as a segmented control.
    float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    bool signup = f.mode == UiState::Mode::signup;
    if (button(ui, "Sign up", "onboarding.mode_signup",
               signup ? ButtonKind::primary : ButtonKind::soft, ImVec2(half, 0)))
        f.mode = UiState::Mode::signup;
    ImGui::SameLine();
    if (button(ui, "Log in", "onboarding.mode_login",
               signup ? ButtonKind::soft : ButtonKind::primary, ImVec2(half, 0)))
        f.mode = UiState::Mode::login;
    ImGui::Dummy(ImVec2(0, 2));

    begin_card();
    bool submit = false;
    const ImGuiInputTextFlags handle_flags = ImGuiInputTextFlags_CallbackCharFilter;
    if (signup) {
        submit |= text_field(ui, "Invite code", "From the friend who invited you", "signup.invite",
                             f.invite, ImGuiInputTextFlags_CharsNoBlank);
        submit |= text_field(ui, "Handle", "3-20 letters, digits or _", "signup.handle", f.handle,
                             handle_flags, handle_filter);
        submit |= text_field(ui, "Your name", "As friends know you", "signup.name", f.name);
        submit |= text_field(ui, "Password", "At least 8 characters", "signup.password", f.password,
                             ImGuiInputTextFlags_Password);
        ImGui::Dummy(ImVec2(0, 2));
        submit |= button(ui, "Create my account", "signup.submit", ButtonKind::primary,
                         ImVec2(card_inner_width(), 0));
        if (submit) {
            ui.send(
                protocol::Signup{text(f.invite), text(f.handle), text(f.name), text(f.password)});
        }
    } else {
        submit |= text_field(ui, "Handle", "your_handle", "login.handle", f.login_handle,
                             handle_flags, handle_filter);
        submit |= text_field(ui, "Password", "", "login.password", f.login_password,
                             ImGuiInputTextFlags_Password);
        ImGui::Dummy(ImVec2(0, 2));
        submit |= button(ui, "Log in", "login.submit", ButtonKind::primary,
                         ImVec2(card_inner_width(), 0));
        if (submit) ui.send(protocol::Login{text(f.login_handle), text(f.login_password)});
    }
    end_card();
    draw_messages(ui);
    end_screen();
}

}  // namespace salotto::client
