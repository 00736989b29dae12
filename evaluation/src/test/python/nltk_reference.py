#!/usr/bin/python3
"""Prints the NLTK reference values that the Java tests of mmedpo-evaluation hard-code.

The Java tests never run Python; this script documents how their expected values were obtained
and lets anyone regenerate them. It prints the hand-picked cases of NltkReference.java and writes
evaluation/src/test/resources/nltk-porter-stems.tsv (the stems of 5,000 WordNet lemmas) and
evaluation/src/test/resources/nltk-report-pairs.tsv, 300 pseudo-random report pairs built from
radiology sentences (fixed seed): random sentence sets, shuffled, truncated or inflected copies
of the reference, word salad, upper case; with their NLTK BLEU-1..4 and METEOR. It needs Debian's python3-nltk (3.8) and wordnet-base (WordNet 3.0
at /usr/share/wordnet):

    apt-get install -y python3-nltk wordnet-base
    /usr/bin/python3 evaluation/src/test/python/nltk_reference.py

NLTK expects its WordNet corpus under nltk_data with a `lexnames` file that wordnet-base does not
ship, so the script builds such a directory in a temporary folder from the Debian files (lexnames
is the standard list of the 45 lexicographer files, see lexnames(5WN)).
"""

import os
import random
import tempfile

from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem.porter import PorterStemmer
from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu
from nltk.translate.meteor_score import meteor_score

WORDNET_DIR = "/usr/share/wordnet"
LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute
noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group
noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession
noun.process noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body
verb.change verb.cognition verb.communication verb.competition verb.consumption verb.contact
verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
verb.weather adj.ppl""".split()
CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}


def load_wordnet():
    root = tempfile.mkdtemp(prefix="wordnet-nltk-")
    for name in os.listdir(WORDNET_DIR):
        path = os.path.join(WORDNET_DIR, name)
        if os.path.isfile(path):
            os.symlink(path, os.path.join(root, name))
    with open(os.path.join(root, "lexnames"), "w") as f:
        for i, name in enumerate(LEXNAMES):
            f.write("%02d\t%s\t%d\n" % (i, name, CATEGORY[name.split(".")[0]]))
    return WordNetCorpusReader(root, None)


class NoSynonyms:
    """A stand-in WordNet without synsets: METEOR's exact and stem stages only."""

    def synsets(self, word):
        return []


# (name, reference, hypothesis): report-like pairs and corner cases.
PAIRS = [
    ("identical", "the heart is normal in size .", "the heart is normal in size ."),
    ("typicalReport",
     "The heart is normal in size. The lungs are clear. No pleural effusion or pneumothorax.",
     "Heart size is normal. Lungs are clear without focal consolidation. No effusion."),
    ("shortHypothesis", "no acute cardiopulmonary abnormality", "no abnormality"),
    ("singleToken", "the lungs are clear", "clear"),
    ("repeatedTokens", "the the cat sat on the mat", "the the the the the the the"),
    ("caseAndPunctuation", "Mild cardiomegaly, stable.", "mild CARDIOMEGALY , stable ."),
    ("stemsAndSynonyms", "the heart is enlarged and the lungs show opacities",
     "enlarged heart with lung opacity and large effusions"),
    ("synonyms", "the heart is normal with a soft murmur", "ticker is normal with mild murmur"),
    ("longHypothesis", "no pneumothorax",
     "there is no pneumothorax and no pleural effusion and the heart is normal"),
    ("noOverlap", "cardiomegaly", "lungs are clear"),
    ("emptyHypothesis", "the lungs are clear", ""),
    ("emptyReference", "", "the lungs are clear"),
    ("nltkDocExample",
     "It is a guide to action that ensures that the military will forever heed Party commands",
     "It is a guide to action which ensures that the military always obeys the commands of the party"),
    ("fiveGrams", "a b c d e f g h", "a b c d e x g h a b c d e"),
]

STEM_WORDS = ["caresses", "ponies", "ties", "cats", "feed", "agreed", "plastered", "bled",
              "motoring", "sing", "conflated", "troubled", "sized", "hopping", "tanned", "falling",
              "hissing", "fizzed", "failing", "filing", "happy", "sky", "relational",
              "conditional", "rational", "valenci", "digitizer", "conformabli", "radicalli",
              "differentli", "vileli", "analogousli", "vietnamization", "predication", "operator",
              "feudalism", "decisiveness", "hopefulness", "callousness", "formaliti",
              "sensitiviti", "sensibiliti", "triplicate", "formative", "formalize", "electriciti",
              "electrical", "hopeful", "goodness", "revival", "allowance", "inference",
              "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement",
              "adjustment", "dependent", "adoption", "homologou", "communism", "activate",
              "angulariti", "homologous", "effective", "bowdlerize", "probate", "rate", "cease",
              "controll", "roll", "dying", "lying", "tying", "news", "innings", "skies", "dies",
              "died", "spied", "enjoy", "fly", "generously", "beautifully", "analogi",
              "cardiomegaly", "opacities", "effusions", "pneumothorax", "consolidation",
              "atelectasis", "unremarkable", "hyperinflated", "is", "as", "at", "by", "oed",
              "eed", "ied", "ies", "ing"]

SYNONYM_WORDS = ["heart", "enlarg", "effus", "lung", "opac", "clear", "normal", "larg", "better",
                 "geese", "running", "lungs", "party", "obey", "unknownword", "mild", "stable"]


SENTENCES = [
    "The heart is normal in size.", "The mediastinum is unremarkable.", "The lungs are clear.",
    "No pleural effusion or pneumothorax.", "There is no focal consolidation.",
    "Mild cardiomegaly is present.", "Degenerative changes of the thoracic spine.",
    "Small bilateral pleural effusions.", "Patchy opacities in the right lower lobe.",
    "Stable appearance of the chest.", "Heart size is within normal limits.",
    "Lungs are hyperinflated, consistent with emphysema.", "No acute osseous abnormality.",
    "Enlarged cardiac silhouette.", "Increased interstitial markings bilaterally.",
    "The patient is status post sternotomy.", "Calcified granuloma in the left upper lobe.",
    "No evidence of pneumonia.", "Bibasilar atelectasis.", "The costophrenic angles are sharp.",
    "Pulmonary vasculature is normal.", "Trachea is midline.",
]
EXTRA_WORDS = ["big", "large", "ticker", "heart", "clearly", "normally", "lung", "effused",
               "opacity", "mild", "soft", "1", "two", "(stable)"]


def inflect(rng, token):
    word = token.rstrip(".,")
    return rng.choice([word + "s", word + "ed", word + "ing", word + "ly", word.rstrip("s"),
                       word + "ness", word.upper()]) + token[len(word):]


def write_corpus(wn, path, count=300, seed=7):
    """Pairs: random sentence sets, shuffled or truncated copies of the reference, or word salad."""
    rng = random.Random(seed)
    words = " ".join(SENTENCES).split() + EXTRA_WORDS
    smooth = SmoothingFunction().method7
    with open(path, "w") as out:
        out.write("# reference\thypothesis\tbleu1\tbleu2\tbleu3\tbleu4\tmeteor"
                  " (NLTK 3.8, see nltk_reference.py)\n")
        for _ in range(count):
            ref = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
            mode = rng.random()
            if mode < 0.3:
                hyp = " ".join(rng.sample(SENTENCES, rng.randint(0, 4)))
            elif mode < 0.55:
                tokens = ref.split()
                rng.shuffle(tokens)
                hyp = " ".join(tokens[:rng.randint(0, len(tokens))])
            elif mode < 0.8:
                # the reference with inflected words, so that stems and synonyms must do the matching
                hyp = " ".join(inflect(rng, t) if rng.random() < 0.5 else t for t in ref.split())
            else:
                hyp = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
            if rng.random() < 0.2:
                hyp = hyp.upper()
            r = ref.lower().split()
            h = hyp.lower().split()
            values = [sentence_bleu([r], h, weights=tuple([1.0 / n] * n), smoothing_function=smooth)
                      for n in range(1, 5)]
            values.append(meteor_score([r], h, wordnet=wn))
            out.write("\t".join([ref, hyp] + [repr(float(v)) for v in values]) + "\n")


def write_stems(path, count=5000, seed=11):
    """NLTK's Porter stems of WordNet lemmas (single words, a fixed random sample)."""
    lemmas = set()
    for suffix in ["noun", "verb", "adj", "adv"]:
        with open(os.path.join(WORDNET_DIR, "index." + suffix), encoding="latin-1") as f:
            lemmas.update(line.split()[0] for line in f if not line.startswith(" ")
                          and "_" not in line.split()[0])
    stemmer = PorterStemmer()
    with open(path, "w") as out:
        out.write("# word\tNLTK 3.8 PorterStemmer().stem(word) (see nltk_reference.py)\n")
        for word in random.Random(seed).sample(sorted(lemmas), count):
            out.write(word + "\t" + stemmer.stem(word) + "\n")


def java_double(x):
    return repr(float(x))


def main():
    wn = load_wordnet()
    print("// NLTK", __import__("nltk").__version__, "WordNet", wn.get_version(), "(Debian wordnet-base)")
    print("// name: bleu1, bleu2, bleu3, bleu4, bleu2 with weights (0.5, 0.5, 0, 0),"
          " meteor, meteor without synonyms")
    smooth = SmoothingFunction().method7
    for name, ref_text, hyp_text in PAIRS:
        ref = ref_text.lower().split()
        hyp = hyp_text.lower().split()
        bleus = [sentence_bleu([ref], hyp, weights=tuple([1.0 / n] * n), smoothing_function=smooth)
                 for n in range(1, 5)]
        bleu2_padded = sentence_bleu([ref], hyp, weights=(0.5, 0.5, 0, 0), smoothing_function=smooth)
        meteor = meteor_score([ref], hyp, wordnet=wn)
        meteor_plain = meteor_score([ref], hyp, wordnet=NoSynonyms())
        values = bleus + [bleu2_padded, meteor, meteor_plain]
        print('new Case("%s", "%s", "%s", %s),' % (
            name, ref_text, hyp_text, ", ".join(java_double(v) for v in values)))

    stemmer = PorterStemmer()
    print("// Porter stems")
    print(" ".join("%s=%s" % (w, stemmer.stem(w)) for w in STEM_WORDS))

    print("// WordNet lemma names of wn.synsets(word)")
    for w in SYNONYM_WORDS:
        names = sorted({l.name() for s in wn.synsets(w) for l in s.lemmas()})
        print('"%s", "%s",' % (w, " ".join(names)))

    here = os.path.dirname(os.path.abspath(__file__))
    write_corpus(wn, os.path.join(here, "..", "resources", "nltk-report-pairs.tsv"))
    write_stems(os.path.join(here, "..", "resources", "nltk-porter-stems.tsv"))


if __name__ == "__main__":
    main()
