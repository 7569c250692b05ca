package io.sparknodes.results;

/** How the measurement of one grid point ended. */
public enum Status {
  /** Every run of the point completed. */
  OK,
  /** A run threw; the trial carries the error. */
  FAILED,
  /** The point exceeded the grid's time limit; the trial carries the error. */
  TIMEOUT
}
