package org.mmedpo.streams.radiology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Parses radiology text (report sections, VQA questions and answers) into finding mentions.
 *
 * <p>Rules, in the spirit of NegEx: a negation cue before findings ("no", "without") negates
 * them until a terminator ("but", "with", ";", "there is"); a cue after them ("is not seen",
 * "has resolved") negates the findings of its clause that no assertion ("there is") introduced.
 * Sides, locations and severities attach to the findings of their chunk, where chunks end at
 * punctuation, "and", "or" and every cue; a chunk with attributes but no finding ("...,
 * predominantly in the right lower lobe") adds them to the finding before it. Thread-safe.
 */
public final class ReportParser {

  private static final Set<String> CHUNK_WORDS = Set.of("and", "or", "nor", "as", "than");
  private static final Set<String> CLAUSE_PUNCTUATION = Set.of(";", ":");

  private final RadiologyLexicon lexicon;

  public ReportParser(RadiologyLexicon lexicon) {
    this.lexicon = lexicon;
  }

  public RadiologyLexicon lexicon() {
    return lexicon;
  }

  /** Parses {@code text}; never fails, an empty text gives an empty result. */
  public ParsedText parse(String text) {
    String source = text == null ? "" : text;
    List<Token> tokens = Tokenizer.tokenize(source);
    List<Span> sentences = Tokenizer.sentences(source);
    List<FindingMention> mentions = new ArrayList<>();
    List<NormalMention> normals = new ArrayList<>();
    for (int s = 0; s < sentences.size(); s++) {
      Span sentence = sentences.get(s);
      List<Token> inSentence = tokens.stream()
          .filter(t -> t.start() >= sentence.start() && t.end() <= sentence.end()).toList();
      mentions.addAll(parseSentence(inSentence, s));
      String sentenceText = sentence.of(source);
      for (NormalStatement statement : lexicon.normalStatements()) {
        Matcher m = statement.pattern().matcher(sentenceText);
        if (m.find()) {
          normals.add(new NormalMention(statement,
              new Span(sentence.start() + m.start(), sentence.start() + m.end()), s));
        }
      }
    }
    List<ConceptMention> concepts = new ArrayList<>();
    for (PhraseIndex.Match<ConceptMention.Ref> match : lexicon.conceptPhrases().scan(tokens)) {
      concepts.add(new ConceptMention(match.value(), spanOf(tokens, match.firstToken(), match.tokenCount())));
    }
    String lower = source.toLowerCase(Locale.ROOT);
    List<String> absurd = lexicon.absurdities().stream().filter(lower::contains).toList();
    return new ParsedText(source, sentences, mentions, normals, concepts, absurd);
  }

  /** A finding being built while its sentence is read. */
  private static final class Draft {
    final LexiconEntry.Finding entry;
    final Span span;
    final boolean asserted;
    boolean present;
    Attribute laterality;
    Attribute location;
    Attribute severity;
    LocationSpec locationSpec;

    Draft(LexiconEntry.Finding entry, Span span, boolean present, boolean asserted) {
      this.entry = entry;
      this.span = span;
      this.present = present;
      this.asserted = asserted;
    }
  }

  /** Attributes met in a chunk. */
  private static final class Chunk {
    final List<Draft> findings = new ArrayList<>();
    final List<Object[]> attributes = new ArrayList<>();
  }

  private List<FindingMention> parseSentence(List<Token> tokens, int sentence) {
    List<Draft> drafts = new ArrayList<>();
    List<Chunk> chunks = new ArrayList<>();
    Chunk chunk = new Chunk();
    boolean negated = false;
    boolean asserted = false;
    List<Draft> postScope = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      PhraseIndex.Match<LexiconEntry> match = lexicon.phrases().longestAt(tokens, i);
      Token token = tokens.get(i);
      if (match == null) {
        if (CLAUSE_PUNCTUATION.contains(token.lower())) {
          chunk = close(chunks, chunk);
          negated = false;
          asserted = false;
          postScope.clear();
        } else if (token.isPunctuation() || CHUNK_WORDS.contains(token.lower())) {
          chunk = close(chunks, chunk);
          if (token.lower().equals(",")) {
            // "There is a small effusion, pneumothorax is not seen": the assertion ends here.
            asserted = false;
          }
        }
        i++;
        continue;
      }
      Span span = spanOf(tokens, i, match.tokenCount());
      LexiconEntry entry = match.value();
      if (entry instanceof LexiconEntry.NegationBefore) {
        chunk = close(chunks, chunk);
        negated = true;
        asserted = false;
        postScope.clear();
      } else if (entry instanceof LexiconEntry.Terminator) {
        chunk = close(chunks, chunk);
        negated = false;
        asserted = false;
        postScope.clear();
      } else if (entry instanceof LexiconEntry.Assertion) {
        chunk = close(chunks, chunk);
        negated = false;
        asserted = true;
        postScope.clear();
      } else if (entry instanceof LexiconEntry.NegationAfter) {
        chunk = close(chunks, chunk);
        for (Draft draft : postScope) {
          if (!draft.asserted) {
            draft.present = false;
          }
        }
        postScope.clear();
      } else if (entry instanceof LexiconEntry.Finding f) {
        Draft draft = new Draft(f, span, !negated, asserted && !negated);
        drafts.add(draft);
        chunk.findings.add(draft);
        postScope.add(draft);
      } else {
        chunk.attributes.add(new Object[] {entry, span});
      }
      i += match.tokenCount();
    }
    close(chunks, chunk);
    attach(chunks, tokens);
    List<FindingMention> mentions = new ArrayList<>();
    for (Draft d : drafts) {
      boolean plural = d.entry.plural()
          || (d.laterality != null && d.laterality.value().equals("bilateral") && d.entry.spec().countable());
      mentions.add(new FindingMention(d.entry.spec(), d.span, sentence, d.present, plural,
          d.laterality, d.location, d.severity));
    }
    return mentions;
  }

  private static Chunk close(List<Chunk> chunks, Chunk chunk) {
    if (!chunk.findings.isEmpty() || !chunk.attributes.isEmpty()) {
      chunks.add(chunk);
      return new Chunk();
    }
    return chunk;
  }

  private void attach(List<Chunk> chunks, List<Token> tokens) {
    Chunk lastWithFindings = null;
    for (Chunk chunk : chunks) {
      List<Draft> targets = chunk.findings.isEmpty()
          ? (lastWithFindings == null ? List.of() : List.of(lastWithFindings.findings.get(lastWithFindings.findings.size() - 1)))
          : chunk.findings;
      for (Draft draft : targets) {
        for (Object[] attribute : chunk.attributes) {
          apply(draft, attribute[0], (Span) attribute[1], tokens);
        }
        impliedLaterality(draft);
      }
      if (!chunk.findings.isEmpty()) {
        lastWithFindings = chunk;
      }
    }
  }

  private void apply(Draft draft, Object entry, Span span, List<Token> tokens) {
    String surface = surfaceOf(tokens, span);
    if (entry instanceof LexiconEntry.Laterality l) {
      if (draft.laterality == null) {
        draft.laterality = new Attribute(l.side(), surface, span);
      }
    } else if (entry instanceof LexiconEntry.Location l) {
      if (draft.location == null) {
        draft.location = new Attribute(l.spec().name(), surface, span);
        draft.locationSpec = l.spec();
      }
    } else if (entry instanceof LexiconEntry.Severity s) {
      if (draft.severity == null) {
        String scale = draft.entry.spec().scale();
        String level = scale == null ? null : lexicon.level(scale, s.word()).orElse(null);
        if (level == null) {
          level = lexicon.scaleOf(s.word()).flatMap(sc -> lexicon.level(sc, s.word())).orElse(s.word());
        }
        draft.severity = new Attribute(level, surface, span);
      }
    } else {
      throw new IllegalStateException("not an attribute: " + entry);
    }
  }

  private static void impliedLaterality(Draft draft) {
    if (draft.laterality != null || draft.location == null) {
      return;
    }
    String surface = draft.location.surface().toLowerCase(Locale.ROOT);
    if (surface.startsWith("bi")) {
      draft.laterality = new Attribute("bilateral", draft.location.surface(), draft.location.span());
    } else if (draft.locationSpec.side() != null) {
      draft.laterality = new Attribute(draft.locationSpec.side(), draft.location.surface(), draft.location.span());
    }
  }

  private static String surfaceOf(List<Token> tokens, Span span) {
    StringBuilder sb = new StringBuilder();
    for (Token t : tokens) {
      if (t.start() >= span.start() && t.end() <= span.end()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  private static Span spanOf(List<Token> tokens, int first, int count) {
    return new Span(tokens.get(first).start(), tokens.get(first + count - 1).end());
  }
}
