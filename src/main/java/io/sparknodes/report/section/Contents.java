package io.sparknodes.report.section;

import java.util.List;
import java.util.stream.Collectors;

/** The contents list after the first screen: one link to each section that follows and has something to say. */
final class Contents implements Section {
  private final List<Section> following;

  Contents(List<Section> following) {
    this.following = List.copyOf(following);
  }

  @Override
  public String heading() {
    return "Contents";
  }

  @Override
  public boolean shown() {
    return following.stream().anyMatch(Section::shown);
  }

  @Override
  public void render(DocumentWriter out) {
    if (shown()) {
      out.paragraph("**Contents:** " + following.stream().filter(Section::shown)
          .map(s -> "[" + s.heading() + "](#" + Sections.anchor(s.heading()) + ")").collect(Collectors.joining(" · ")));
    }
  }
}
