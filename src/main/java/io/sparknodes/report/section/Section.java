package io.sparknodes.report.section;

/** One section of the report: renders itself, heading included, through a document writer. */
public interface Section {
  /** The section's heading as it renders it (the report's title for the first section). */
  String heading();

  /** Writes this section to {@code out}: nothing when the results have nothing for it (see {@link #shown()}). */
  void render(DocumentWriter out);

  /** Whether this section has anything to say about these results; {@link #render} writes nothing when not. */
  boolean shown();
}
