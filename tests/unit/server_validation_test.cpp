// Input rules of docs/protocol.md ("Limits") as core/validation.hpp implements them.
#include <gtest/gtest.h>

#include <string>

#include "core/validation.hpp"

namespace v = salotto::validation;

TEST(Validation, Utf8PrefixNeverCutsACharacter) {
    EXPECT_EQ(v::utf8_prefix("abc", 5), "abc");
    EXPECT_EQ(v::utf8_prefix("abcdef", 3), "abc");
    EXPECT_EQ(v::utf8_prefix("perché", 5), "perch");  // é spans bytes 5-6
    EXPECT_EQ(v::utf8_prefix("perché", 6), "perch");
    EXPECT_EQ(v::utf8_prefix("perché", 7), "perché");
    EXPECT_EQ(v::utf8_prefix("😀x", 3), "");  // a 4-byte character
    EXPECT_EQ(v::utf8_prefix("😀x", 4), "😀");
}

TEST(ServerValidation, CountsCodePointsNotBytes) {
    EXPECT_EQ(v::utf8_code_points("abc"), 3u);
    EXPECT_EQ(v::utf8_code_points("perché"), 6u);            // é is 2 bytes
    EXPECT_EQ(v::utf8_code_points("Пётр"), 4u);              // Cyrillic, 8 bytes
    EXPECT_EQ(v::utf8_code_points("\xF0\x9F\x8E\xA4"), 1u);  // U+1F3A4, 4 bytes
    EXPECT_EQ(v::utf8_code_points(""), 0u);
}

TEST(ServerValidation, RejectsMalformedUtf8) {
    EXPECT_FALSE(v::utf8_code_points("\xC3"));              // truncated
    EXPECT_FALSE(v::utf8_code_points("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(v::utf8_code_points("\xED\xA0\x80"));      // surrogate U+D800
    EXPECT_FALSE(v::utf8_code_points("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(v::utf8_code_points("\x80"));              // lone continuation
    EXPECT_FALSE(v::utf8_code_points("\xFF"));
}

TEST(ServerValidation, Handles) {
    EXPECT_TRUE(v::is_valid_handle("ada"));
    EXPECT_TRUE(v::is_valid_handle("a_1"));
    EXPECT_TRUE(v::is_valid_handle(std::string(20, 'a')));
    EXPECT_FALSE(v::is_valid_handle(std::string(21, 'a')));
    EXPECT_FALSE(v::is_valid_handle("ab"));
    EXPECT_FALSE(v::is_valid_handle("1ada"));
    EXPECT_FALSE(v::is_valid_handle("_ada"));
    EXPECT_FALSE(v::is_valid_handle("Ada"));
    EXPECT_FALSE(v::is_valid_handle("ada-l"));
    EXPECT_FALSE(v::is_valid_handle("adà"));
}

TEST(ServerValidation, DisplayNamesAreUnicode) {
    EXPECT_TRUE(v::is_valid_display_name("Niccolò Paganini"));
    EXPECT_TRUE(v::is_valid_display_name("Анна Ахматова"));
    EXPECT_TRUE(v::is_valid_display_name("x"));
    // 40 two-byte code points (80 bytes) fit; 41 do not.
    std::string forty;
    for (int i = 0; i < 40; ++i) forty += "è";
    EXPECT_TRUE(v::is_valid_display_name(forty));
    EXPECT_FALSE(v::is_valid_display_name(forty + "è"));
    EXPECT_FALSE(v::is_valid_display_name(""));
}

TEST(ServerValidation, NoControlCharacters) {
    EXPECT_FALSE(v::is_valid_display_name("Ada\nLovelace"));
    EXPECT_FALSE(v::is_valid_display_name("Ada\tL"));
    EXPECT_FALSE(v::is_valid_display_name(std::string("Ada\0L", 5)));
    EXPECT_FALSE(v::is_valid_display_name("Ada\x7F"));
    EXPECT_FALSE(v::is_valid_display_name("Ada\xC2\x85"));  // U+0085, a C1 control
    EXPECT_FALSE(v::is_valid_room_title("Bad\xC3"));
}

TEST(ServerValidation, NoInvisibleFormatting) {
    // Right-to-left override: "Ada\u202Enimda" shows as "Adaadmin".
    for (const char* name :
         {"Ada\u202Enimda", "Ada\u202A", "A\u2066da\u2069", "Ada\u200F", "Ad\u200Ba",
          "Ada\u2028Lovelace", "Ada\u2029", "\uFEFFAda", "Ada\u2060", "A\u061Cda"}) {
        EXPECT_FALSE(v::is_valid_display_name(name)) << name;
        EXPECT_FALSE(v::is_valid_room_title(name)) << name;
    }
    // Joiners only between non-ASCII characters.
    EXPECT_FALSE(v::is_valid_display_name("A\u200Dda"));
    EXPECT_FALSE(v::is_valid_display_name("Ada\u200C"));
    EXPECT_FALSE(v::is_valid_display_name("\u200DAda"));
    EXPECT_TRUE(v::is_valid_display_name("Family 👨\u200D👩\u200D👧"));
    EXPECT_TRUE(v::is_valid_display_name("می\u200Cخواهم"));  // Persian, with a ZWNJ
    EXPECT_TRUE(v::is_valid_room_title("Caffè e чай, ελληνικά"));
}

TEST(ServerValidation, Passwords) {
    EXPECT_FALSE(v::is_valid_password("1234567"));
    EXPECT_TRUE(v::is_valid_password("12345678"));
    EXPECT_TRUE(v::is_valid_password(std::string(128, 'x')));
    EXPECT_FALSE(v::is_valid_password(std::string(129, 'x')));
}

TEST(ServerValidation, RoomTitles) {
    EXPECT_TRUE(v::is_valid_room_title("Chiacchiere del venerdì"));
    std::string eighty;
    for (int i = 0; i < 80; ++i) eighty += "ж";
    EXPECT_TRUE(v::is_valid_room_title(eighty));
    EXPECT_FALSE(v::is_valid_room_title(eighty + "ж"));
    EXPECT_FALSE(v::is_valid_room_title(""));
}

TEST(ServerValidation, SignupFieldsInFormOrder) {
    using salotto::ErrorCode;
    EXPECT_EQ(v::check_signup_fields("ada", "Ada", "password"), std::nullopt);
    EXPECT_EQ(v::check_signup_fields("A", "", "x"), ErrorCode::handle_invalid);
    EXPECT_EQ(v::check_signup_fields("ada", "", "x"), ErrorCode::name_invalid);
    EXPECT_EQ(v::check_signup_fields("ada", "Ada", "x"), ErrorCode::password_invalid);
}
