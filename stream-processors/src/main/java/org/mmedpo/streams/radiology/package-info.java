/**
 * The radiology language both the hallucination engine and the rule judge read: a lexicon of
 * findings, locations and severities kept as a resource, and a parser that turns text into findings.
 */
package org.mmedpo.streams.radiology;
