// Search folding (core/text/search_normalise.hpp): case, accents, Latin, Greek and
// Cyrillic, doubled letters, separators and malformed input.
#include "core/text/search_normalise.hpp"
#include "core/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace salotto::text {
namespace {

using Terms = std::vector<std::string>;

bool finds(std::string_view text, std::string_view query) {
    return matches_prefixes(search_terms(text), search_terms(query));
}

TEST(SearchNormalise, FoldsCaseAndLatinAccents) {
    EXPECT_EQ(fold("ADA Lovelace"), "ada lovelace");
    EXPECT_EQ(fold("Niccolò"), "niccolo");
    EXPECT_EQ(fold("ÀÁÂÃÄÅ àáâãäå"), "aaaaaa aaaaaa");
    EXPECT_EQ(fold("Çà et Ñoño"), "ca et nono");
    EXPECT_EQ(fold("Straße Æsir Œuvre Øre"), "strasse aesir oeuvre ore");
    EXPECT_EQ(fold("Łódź Đorđe Þór Dvořák Şişli Ţara Țară"),
              "lodz dorde thor dvorak sisli tara tara");
}

TEST(SearchNormalise, FoldsGreek) {
    EXPECT_EQ(fold("ΑΘΗΝΑ"), "αθηνα");
    EXPECT_EQ(fold("Αθηνά"), "αθηνα");
    EXPECT_EQ(fold("Ωραίο ΐ ΰ Ϊ"), "ωραιο ι υ ι");
    // Final sigma folds to σ, so a word typed in capitals finds it.
    EXPECT_EQ(fold("Οδυσσέας"), "οδυσσεασ");
    EXPECT_EQ(fold("ΟΔΥΣΣΕΑΣ"), "οδυσσεασ");
}

TEST(SearchNormalise, FoldsCyrillic) {
    EXPECT_EQ(fold("Наталья"), "наталья");
    EXPECT_EQ(fold("ЁЛКА ёлка"), "елка елка");
    EXPECT_EQ(fold("Йошкар-Ола"), "иошкар ола");
    EXPECT_EQ(fold("Їжак Ўладзімір Ѓорѓи Ќерка Ѐ"), "іжак уладзімір горги керка е");
}

TEST(SearchNormalise, CombiningMarksAreDroppedAndOtherScriptsKept) {
    EXPECT_EQ(fold("Nicolo\xCC\x80"), "nicolo");  // o + U+0300, decomposed
    EXPECT_EQ(fold("東京 カフェ"), "東京 カフェ");
}

TEST(SearchNormalise, PunctuationSeparatesWords) {
    EXPECT_EQ(fold("ada_l"), "ada l");
    EXPECT_EQ(fold("  Caffè, per   favore!  "), "caffe per favore");
    EXPECT_EQ(fold("a\xE2\x80\x94"
                   "b"),
              "a b");  // em dash
    EXPECT_EQ(fold("«ciao» ¿qué?"), "ciao que");
    EXPECT_EQ(fold("!!!"), "");
}

TEST(SearchNormalise, MalformedUtf8IsDropped) {
    EXPECT_EQ(fold("a\xFF"
                   "b"),
              "ab");
    EXPECT_EQ(fold("a\xC3"), "a");  // cut inside a character
    EXPECT_EQ(fold("a\xC0\xAF"
                   "b"),
              "ab");  // overlong '/'
    EXPECT_EQ(fold("\xED\xA0\x80"
                   "x"),
              "x");  // a surrogate
}

TEST(SearchNormalise, TermsSqueezeDoubledLettersButNotDigits) {
    EXPECT_EQ(search_terms("Niccolò Ruffini"), (Terms{"nicolo", "rufini"}));
    EXPECT_EQ(search_terms("Anna 2002"), (Terms{"ana", "2002"}));
    EXPECT_EQ(search_terms("Οδυσσέας"), (Terms{"οδυσεασ"}));
    EXPECT_EQ(search_terms("Аппполлон"), (Terms{"аполон"}));
    EXPECT_EQ(search_terms(""), Terms{});
    EXPECT_EQ(search_key("Niccolò  Ruffini"), "nicolo rufini");
}

TEST(SearchNormalise, NicoloFindsNiccolo) {
    EXPECT_TRUE(finds("Niccolò Ruffini", "nicolo"));
    EXPECT_TRUE(finds("Niccolò Ruffini", "NICCOLO"));
    EXPECT_TRUE(finds("Niccolò Ruffini", "niccolò"));
    EXPECT_TRUE(finds("Niccolò Ruffini", "nic"));
    EXPECT_TRUE(finds("Niccolò Ruffini", "ruf nico"));
    EXPECT_FALSE(finds("Niccolò Ruffini", "nicola"));
    EXPECT_FALSE(finds("Niccolò Ruffini", "nicolo x"));
    EXPECT_FALSE(finds("Niccolò Ruffini", "iccolo"));  // prefixes only, not infixes
}

TEST(SearchNormalise, PrefixesInEveryScript) {
    EXPECT_TRUE(finds("Наталья Петрова", "нат"));
    EXPECT_TRUE(finds("Наталья Петрова", "ПЕТР"));
    EXPECT_TRUE(finds("Ёлка и чай", "елк"));
    EXPECT_TRUE(finds("Οδυσσέας", "οδυσσ"));
    EXPECT_TRUE(finds("Caffè e чай", "caffe"));
    EXPECT_FALSE(finds("Caffè e чай", "tea"));
}

TEST(SearchNormalise, AnEmptyQueryMatchesNothing) {
    EXPECT_FALSE(finds("Anything", ""));
    EXPECT_FALSE(finds("Anything", "!!"));
    EXPECT_FALSE(matches_prefixes({}, {"a"}));
}

TEST(Utf8, DecodesEveryLengthAndSkipsMalformedBytesOneAtATime) {
    const std::string sample = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\x8F";  // a é € 👏
    std::size_t i = 0;
    std::u32string decoded;
    while (i < sample.size()) decoded += next_code_point(sample, i).value_or(U'?');
    EXPECT_EQ(decoded, U"a\u00E9\u20AC\U0001F44F");
    std::string encoded;
    for (char32_t cp : decoded) append_utf8(encoded, cp);
    EXPECT_EQ(encoded, sample);
    // Overlong, surrogate, cut short: each malformed byte is skipped on its own.
    for (std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF0\x9F\x91"}) {
        std::size_t at = 0;
        EXPECT_FALSE(next_code_point(bad, at)) << bad.size();
        EXPECT_EQ(at, 1u);
    }
}

}  // namespace
}  // namespace salotto::text
