#include "binary/name_section.h"

#include <gtest/gtest.h>

#include "byte_builder.h"

namespace kiln {
namespace {

using test::Bytes;
using test::cat;
using test::name;
using test::section;
using test::uleb;

std::optional<NameSection> decode(const Bytes& payload) {
  return decodeNameSection(payload, 0, payload.size());
}

TEST(NameSectionTest, ModuleFunctionAndLocalNames) {
  const Bytes payload = cat({
      section(0, name("m")),
      section(1, cat({{0x02, 0x00}, name("f0"), {0x03}, name("f3")})),
      section(2, cat({{0x01, 0x03, 0x02, 0x00}, name("x"), {0x01}, name("y")})),
  });
  const auto names = decode(payload);
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->moduleName, std::optional<std::string>("m"));
  ASSERT_EQ(names->functionNames.size(), 2u);
  EXPECT_EQ(names->functionNames.at(3), "f3");
  ASSERT_EQ(names->localNames.count(3), 1u);
  EXPECT_EQ(names->localNames.at(3).at(1), "y");
}

TEST(NameSectionTest, EmptyPayloadHasNoNames) {
  const auto names = decode({});
  ASSERT_TRUE(names.has_value());
  EXPECT_FALSE(names->moduleName.has_value());
  EXPECT_TRUE(names->functionNames.empty());
}

TEST(NameSectionTest, UnknownSubsectionsAreSkipped) {
  const Bytes payload = cat({section(1, cat({{0x01, 0x00}, name("f")})),
                             section(7, {0xFF, 0xFF, 0xFF})});
  const auto names = decode(payload);
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->functionNames.at(0), "f");
}

TEST(NameSectionTest, MalformedPayloadsAreRejected) {
  // Subsections out of order or repeated.
  EXPECT_FALSE(decode(cat({section(1, {0x00}), section(0, name("m"))})).has_value());
  EXPECT_FALSE(decode(cat({section(1, {0x00}), section(1, {0x00})})).has_value());
  // Function indices not increasing.
  EXPECT_FALSE(decode(section(1, cat({{0x02, 0x01}, name("a"), {0x01}, name("b")}))).has_value());
  // Not UTF-8, truncated, size mismatch, huge count.
  EXPECT_FALSE(decode(section(0, {0x01, 0xFF})).has_value());
  EXPECT_FALSE(decode({0x00, 0x05, 0x01}).has_value());
  EXPECT_FALSE(decode(section(0, cat({name("m"), {0x00}}))).has_value());
  EXPECT_FALSE(decode(section(1, cat({uleb(0xFFFFFFFF), {0x00}}))).has_value());
}

}  // namespace
}  // namespace kiln
