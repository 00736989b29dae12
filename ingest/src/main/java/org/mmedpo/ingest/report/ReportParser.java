package org.mmedpo.ingest.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads radiology reports: plain text (UTF-8) or FHIR R4 DiagnosticReport JSON.
 *
 * <p>Plain text: a section starts at a line {@code FINDINGS:} or {@code IMPRESSION:} (also
 * {@code CONCLUSION:}; any case; text may follow the colon on the same line) and runs to the next
 * upper-case heading line ({@code WORD:}) or signature line ("Dictated by", "Electronically
 * signed", "Signed by"). Header lines {@code Study UID:} / {@code Study Instance UID:} and
 * {@code Accession:} / {@code Accession Number:} give the pairing keys; {@code Patient:},
 * {@code MRN:}, physician and signature lines give names and identifiers for the scrubber.
 *
 * <p>FHIR: {@code conclusion} is the impression; the first {@code presentedForm} of type
 * text/plain is read as a plain-text report for the findings; an identifier typed {@code ACSN} is
 * the accession number; an {@code urn:dicom:uid} identifier of a contained ImagingStudy (or
 * {@code imagingStudy.identifier}) is the Study Instance UID.
 */
public final class ReportParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEADING = Pattern.compile("^\\s*([A-Z][A-Z /&-]{2,40}):\\s*(.*)$");
  private static final Pattern SIGNATURE = Pattern.compile(
      "^\\s*(dictated by|electronically signed|signed by|reported by|transcribed by|attending)\\b.*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern UID_LINE = Pattern.compile(
      "study (?:instance )?uid\\s*[:=]\\s*([0-9.]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ACCESSION_LINE = Pattern.compile(
      "accession(?: number| no\\.?|#)?\\s*[:=]\\s*([A-Za-z0-9-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME_LINE = Pattern.compile(
      "(patient(?: name)?|referring physician|referring|radiologist|dictated by|signed by|attending)"
          + "\\s*:\\s*(?:dr\\.?\\s+)?([A-Za-z'\\- ,.^]+?)(?:\\s{2,}|,\\s*MD|\\s+MRN|$)",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern MRN_LINE = Pattern.compile(
      "\\b(?:MRN|MR#|medical record(?: number)?|patient id)\\s*[:#]?\\s*([A-Za-z0-9-]{3,})",
      Pattern.CASE_INSENSITIVE);

  private ReportParser() {}

  /** True when a file of this name may be a report: {@code .txt}, {@code .json}. */
  public static boolean isCandidate(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".txt") || lower.endsWith(".json");
  }

  /** Parses report bytes. */
  public static ParsedReport parse(byte[] bytes) throws ReportFormatException {
    String text = utf8(bytes);
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      return parseFhir(trimmed);
    }
    return parseText(text, "text");
  }

  /** True when {@code bytes} are a FHIR DiagnosticReport. */
  public static boolean isFhirReport(JsonNode root) {
    return root != null && "DiagnosticReport".equals(root.path("resourceType").asText());
  }

  static String utf8(byte[] bytes) throws ReportFormatException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ReportFormatException("invalid characters in report", "the report is not valid UTF-8");
    }
  }

  static ParsedReport parseText(String text, String format) throws ReportFormatException {
    List<String> lines = List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    StringBuilder findings = null;
    StringBuilder impression = null;
    StringBuilder current = null;
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String name = heading.group(1).trim().toUpperCase(Locale.ROOT);
        String rest = heading.group(2).trim();
        if (name.equals("FINDINGS") || name.equals("FINDING")) {
          findings = new StringBuilder(rest);
          current = findings;
        } else if (name.equals("IMPRESSION") || name.equals("CONCLUSION") || name.equals("IMPRESSIONS")) {
          impression = new StringBuilder(rest);
          current = impression;
        } else {
          current = null;
        }
        continue;
      }
      if (SIGNATURE.matcher(line).matches()) {
        current = null;
        continue;
      }
      if (current != null && !line.isBlank()) {
        if (current.length() > 0) {
          current.append('\n');
        }
        current.append(line.strip());
      }
    }
    if (findings == null && impression == null) {
      throw new ReportFormatException("report has no FINDINGS or IMPRESSION section", "");
    }
    String uid = null;
    Matcher m = UID_LINE.matcher(text);
    if (m.find()) {
      uid = m.group(1);
    }
    String accession = null;
    m = ACCESSION_LINE.matcher(text);
    if (m.find()) {
      accession = m.group(1);
    }
    Set<String> names = new LinkedHashSet<>();
    m = NAME_LINE.matcher(text);
    while (m.find()) {
      names.add(m.group(2).trim());
    }
    Set<String> ids = new LinkedHashSet<>();
    m = MRN_LINE.matcher(text);
    while (m.find()) {
      ids.add(m.group(1));
    }
    if (accession != null) {
      ids.add(accession);
    }
    return new ParsedReport(uid, accession, findings == null ? "" : findings.toString().strip(),
        impression == null ? "" : impression.toString().strip(), names, ids, format);
  }

  static ParsedReport parseFhir(String json) throws ReportFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      // Jackson's message can quote the offending token (patient data): keep the location only.
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? "at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
      throw new ReportFormatException("malformed FHIR JSON", where);
    }
    if (!isFhirReport(root)) {
      throw new ReportFormatException("not a FHIR DiagnosticReport",
          "resourceType is '" + root.path("resourceType").asText() + "'");
    }
    String accession = null;
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode identifier : root.path("identifier")) {
      for (JsonNode coding : identifier.path("type").path("coding")) {
        if ("ACSN".equals(coding.path("code").asText())) {
          accession = identifier.path("value").asText(null);
        }
      }
      if (identifier.hasNonNull("value")) {
        ids.add(identifier.get("value").asText());
      }
    }
    String uid = null;
    List<JsonNode> studyIdentifiers = new ArrayList<>();
    for (JsonNode contained : root.path("contained")) {
      if ("ImagingStudy".equals(contained.path("resourceType").asText())) {
        boolean referenced = false;
        for (JsonNode ref : root.path("imagingStudy")) {
          referenced |= ("#" + contained.path("id").asText()).equals(ref.path("reference").asText());
        }
        if (referenced) {
          contained.path("identifier").forEach(studyIdentifiers::add);
        }
      }
    }
    for (JsonNode ref : root.path("imagingStudy")) {
      if (ref.has("identifier")) {
        studyIdentifiers.add(ref.get("identifier"));
      }
    }
    for (JsonNode identifier : studyIdentifiers) {
      if ("urn:dicom:uid".equals(identifier.path("system").asText())) {
        String value = identifier.path("value").asText("");
        uid = value.startsWith("urn:oid:") ? value.substring(8) : value;
      }
    }
    Set<String> names = new LinkedHashSet<>();
    addDisplay(names, root.path("subject"));
    for (String field : List.of("performer", "resultsInterpreter")) {
      root.path(field).forEach(n -> addDisplay(names, n));
    }
    for (JsonNode contained : root.path("contained")) {
      addDisplay(names, contained.path("subject"));
    }
    String subjectRef = root.path("subject").path("reference").asText("");
    if (subjectRef.startsWith("Patient/")) {
      ids.add(subjectRef.substring(8));
    }
    String findings = "";
    String impression = root.path("conclusion").asText("");
    for (JsonNode form : root.path("presentedForm")) {
      if (form.path("contentType").asText("").startsWith("text/plain") && form.hasNonNull("data")) {
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(form.get("data").asText());
        } catch (IllegalArgumentException e) {
          throw new ReportFormatException("malformed FHIR JSON", "presentedForm.data is not base64");
        }
        ParsedReport text = parseText(utf8(decoded), "fhir");
        findings = text.findings();
        if (impression.isEmpty()) {
          impression = text.impression();
        }
        names.addAll(text.knownNames());
        ids.addAll(text.knownIdentifiers());
        break;
      }
    }
    if (findings.isEmpty() && impression.isEmpty()) {
      throw new ReportFormatException("report has no FINDINGS or IMPRESSION section",
          "neither conclusion nor a text/plain presentedForm");
    }
    return new ParsedReport(uid, accession, findings, impression, names, ids, "fhir");
  }

  private static void addDisplay(Set<String> names, JsonNode node) {
    if (node.hasNonNull("display")) {
      names.add(node.get("display").asText());
    }
  }
}
