package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputInfoTest {
  @Test
  void digest_isSha256OfLengthPrefixedUtf8_knownAnswers() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", InputInfo.digest(List.of()));
    // 00 00 00 01 'a', then 00 00 00 02 and the two UTF-8 bytes of 'é'
    assertEquals("1c063bcc31008a2fc30567fa788c6ac017fcf0ff665ee769c4272dd192d5f790", InputInfo.digest(List.of("a", "é")));
    assertEquals("ad95131bc0b799c0b1af477fb14fcf26a6a9f76079e48bf090acb7e8367bfd0e",
        InputInfo.digest(Arrays.asList((String) null)));
  }

  @Test
  void digest_tellsApartWhatConcatenationWouldNot() {
    assertNotEquals(InputInfo.digest(List.of("ab", "c")), InputInfo.digest(List.of("a", "bc")));
    assertNotEquals(InputInfo.digest(List.of("")), InputInfo.digest(Arrays.asList((String) null)));
    assertNotEquals(InputInfo.digest(List.of("a", "b")), InputInfo.digest(List.of("b", "a")));
  }

  @Test
  void fileAndColumnGoTogether_andTheDigestIsChecked() {
    String sha = InputInfo.digest(List.of());
    assertEquals("an input's file and column go together but were 'data.csv' and ''",
        assertThrows(IllegalArgumentException.class, () -> new InputInfo("data.csv", "", sha)).getMessage());
    assertEquals("an input's sha256 must be 64 lower-case hex digits but was 'ABC'",
        assertThrows(IllegalArgumentException.class, () -> new InputInfo("", "", "ABC")).getMessage());
    assertEquals("column 'text' of data.csv (SHA-256 e3b0c44298fc...)", new InputInfo("data.csv", "text", sha).describe());
    assertEquals("items given through the API (SHA-256 e3b0c44298fc...)", new InputInfo("", "", sha).describe());
  }
}
