package io.sparknodes.pipeline;

/** How {@link Pipeline#map(java.util.Map, MapMode, String...)} combines the lists it maps over. */
public enum MapMode {
  /** Item i takes element i of every list; the lists must have equal lengths (the default). */
  ZIP,
  /**
   * One item per combination of elements, in row-major order of the lists as named: the first
   * varies slowest, the last fastest.
   */
  PRODUCT
}
