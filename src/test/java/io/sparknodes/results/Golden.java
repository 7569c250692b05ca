package io.sparknodes.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Golden files under src/test/resources/golden. Run with {@code -Dgolden.update=true} to rewrite
 * them after an intended format change, then review the diff.
 */
public final class Golden {
  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  /** Renders under each default locale; all renderings must equal each other and the golden file. */
  public static void check(String name, Supplier<String> render, Locale... locales) {
    Locale saved = Locale.getDefault();
    String first = null;
    try {
      for (Locale locale : locales) {
        Locale.setDefault(locale);
        String text = render.get();
        if (first == null) {
          first = text;
        } else {
          assertEquals(first, text, "rendering under " + locale + " differs from " + locales[0]);
        }
      }
    } finally {
      Locale.setDefault(saved);
    }
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, first, StandardCharsets.UTF_8);
      }
      assertEquals(Files.readString(file, StandardCharsets.UTF_8), first, "golden file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden file " + file + " (run with -Dgolden.update=true)", e);
    }
  }
}
