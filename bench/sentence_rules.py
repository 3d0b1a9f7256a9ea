"""Sentence boundaries, rule by rule: hand-written cases of each kind that trips splitters
(one-line lists, ellipses, abbreviations ending a sentence, the pronoun "I", page marks).
``python -m bench.sentence_rules [-v]`` prints the pass rate per kind.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NamedTuple


class Case(NamedTuple):
    kind: str
    text: str
    expected: tuple[str, ...]


def _c(kind: str, text: str, *expected: str) -> Case:
    return Case(kind, text, expected)


CASES: tuple[Case, ...] = (
    # ---------------------------------------------------------------- lists on one line
    _c(
        "list",
        "1.) Preheat the oven 2.) Grease the tin 3.) Pour in the batter",
        "1.) Preheat the oven",
        "2.) Grease the tin",
        "3.) Pour in the batter",
    ),
    _c(
        "list",
        "1) Check the tyres 2) Fill the tank 3) Pack the map",
        "1) Check the tyres",
        "2) Fill the tank",
        "3) Pack the map",
    ),
    _c(
        "list",
        "1. Open the gate. 2. Feed the goats. 3. Close the gate.",
        "1. Open the gate.",
        "2. Feed the goats.",
        "3. Close the gate.",
    ),
    _c(
        "list",
        "1. Wash the lettuce 2. Slice the cucumber 3. Toss with oil",
        "1. Wash the lettuce",
        "2. Slice the cucumber",
        "3. Toss with oil",
    ),
    _c(
        "list",
        "You will need: a. a hammer b. some nails c. a steady hand",
        "You will need:",
        "a. a hammer",
        "b. some nails",
        "c. a steady hand",
    ),
    _c(
        "list",
        "• 7. Sweep the porch • 8. Water the ferns",
        "• 7. Sweep the porch",
        "• 8. Water the ferns",
    ),
    _c(
        "list",
        "⁃11. Label the jars ⁃12. Stack the crates",
        "⁃11. Label the jars",
        "⁃12. Stack the crates",
    ),
    _c(
        "list",
        "Rules: 1) be kind 2) be brief 3) be gone",
        "Rules:",
        "1) be kind",
        "2) be brief",
        "3) be gone",
    ),
    # ---------------------------------------------------------------- ellipses
    _c(
        "ellipsis",
        "The road went on . . . and on, past the last farm.",
        "The road went on . . . and on, past the last farm.",
    ),
    _c(
        "ellipsis",
        "She hesitated... then knocked twice on the door.",
        "She hesitated... then knocked twice on the door.",
    ),
    _c(
        "ellipsis",
        "He kept talking about the old days.... Nobody listened any more.",
        "He kept talking about the old days....",
        "Nobody listened any more.",
    ),
    _c(
        "ellipsis",
        "The letter ended with a promise to return . . . . The rest was torn away.",
        "The letter ended with a promise to return . . . .",
        "The rest was torn away.",
    ),
    _c(
        "ellipsis",
        "The guide said, “the cave goes much deeper than this. . . .” We turned back.",
        "The guide said, “the cave goes much deeper than this. . . .”",
        "We turned back.",
    ),
    _c(
        "ellipsis",
        'The sign read "closed until further..." and nothing more.',
        'The sign read "closed until further..." and nothing more.',
    ),
    _c(
        "ellipsis",
        "I was going to . . . well, it does not matter . . . forget it.",
        "I was going to . . . well, it does not matter . . . forget it.",
    ),
    _c(
        "ellipsis",
        "The notes skip a part [...] and resume at the harbour.",
        "The notes skip a part [...] and resume at the harbour.",
    ),
    _c(
        "ellipsis",
        "What I wanted to say . . . I forget now.",
        "What I wanted to say . . . I forget now.",
    ),
    # ------------------------------------------------------- abbreviations ending a sentence
    _c(
        "abbreviation",
        "My cousin studies in the U.S. How long have you lived here?",
        "My cousin studies in the U.S.",
        "How long have you lived here?",
    ),
    _c(
        "abbreviation",
        "The rule was adopted across the E.U. What changes next?",
        "The rule was adopted across the E.U.",
        "What changes next?",
    ),
    _c(
        "abbreviation",
        "The ferry leaves at 7 P.M. Mrs. Olsen takes it every day.",
        "The ferry leaves at 7 P.M.",
        "Mrs. Olsen takes it every day.",
    ),
    _c(
        "abbreviation",
        "At 8 a.m. Dr. Varga opened the clinic.",
        "At 8 a.m. Dr. Varga opened the clinic.",
    ),
    _c(
        "abbreviation",
        "The U.S. Navy sent two ships to the U.K. They arrived in May.",
        "The U.S. Navy sent two ships to the U.K.",
        "They arrived in May.",
    ),
    _c(
        "abbreviation",
        "We met at 10 A.M. Where were you?",
        "We met at 10 A.M.",
        "Where were you?",
    ),
    _c(
        "abbreviation",
        "She lectured on tort law, contracts, etc. Her students liked her.",
        "She lectured on tort law, contracts, etc.",
        "Her students liked her.",
    ),
    _c(
        "abbreviation",
        "He works for Acme Corp. in Leeds.",
        "He works for Acme Corp. in Leeds.",
    ),
    # ---------------------------------------------------------------- pronoun I, initials
    _c(
        "pronoun-initial",
        "The last ones left were Maya and I. Did you see Clara B. Holt at the door?",
        "The last ones left were Maya and I.",
        "Did you see Clara B. Holt at the door?",
    ),
    _c(
        "pronoun-initial",
        "Nobody knew the answer except me and I. Then the bell rang.",
        "Nobody knew the answer except me and I.",
        "Then the bell rang.",
    ),
    _c(
        "pronoun-initial",
        "The papers were signed by Henry I. Walsh in 1902.",
        "The papers were signed by Henry I. Walsh in 1902.",
    ),
    _c(
        "pronoun-initial",
        "The poem is by T. S. Eliot. It is long.",
        "The poem is by T. S. Eliot.",
        "It is long.",
    ),
    _c(
        "pronoun-initial",
        "Ask what I. M. Pei would have built here.",
        "Ask what I. M. Pei would have built here.",
    ),
    # ---------------------------------------------------------------- page and number marks
    _c(
        "number-mark",
        "The table is on p. 212. It lists every harbour.",
        "The table is on p. 212.",
        "It lists every harbour.",
    ),
    _c(
        "number-mark",
        "For the proof, see p. 47.",
        "For the proof, see p. 47.",
    ),
    _c(
        "number-mark",
        "Read pp. 10-14 before class.",
        "Read pp. 10-14 before class.",
    ),
    _c(
        "number-mark",
        "The parcel was marked N°. 4471.208.990. That is the old code.",
        "The parcel was marked N°. 4471.208.990.",
        "That is the old code.",
    ),
    _c(
        "number-mark",
        "Room No. 12 is on the left. Room No. 14 is closed.",
        "Room No. 12 is on the left.",
        "Room No. 14 is closed.",
    ),
    _c(
        "number-mark",
        "The value rose to 3.75 in 2019. It fell to 2.5 later.",
        "The value rose to 3.75 in 2019.",
        "It fell to 2.5 later.",
    ),
    # ------------------------------------------------------- ordinary prose (must not regress)
    _c(
        "plain",
        "It rained all night. The river rose. By dawn the bridge was gone!",
        "It rained all night.",
        "The river rose.",
        "By dawn the bridge was gone!",
    ),
    _c(
        "plain",
        '"Are you coming?" she asked. "Not yet," he said.',
        '"Are you coming?" she asked.',
        '"Not yet," he said.',
    ),
    _c(
        "plain",
        "She wrote to me at anna.berg@example.org yesterday. I replied.",
        "She wrote to me at anna.berg@example.org yesterday.",
        "I replied.",
    ),
    _c(
        "plain",
        "The page is www.example.com/a.html today. Try it.",
        "The page is www.example.com/a.html today.",
        "Try it.",
    ),
    _c(
        "plain",
        "He paid $4.50 for tea (too much, he thought). Then he left.",
        "He paid $4.50 for tea (too much, he thought).",
        "Then he left.",
    ),
    _c(
        "plain",
        "Mr. and Mrs. Dale arrived late. Their car had broken down.",
        "Mr. and Mrs. Dale arrived late.",
        "Their car had broken down.",
    ),
    # ------------------------------------------------------- a second set, written later
    _c(
        "abbreviation",
        "Did Mara and co. come to the picnic?",
        "Did Mara and co. come to the picnic?",
    ),
    _c(
        "abbreviation",
        "We signed with Hale, Dunn & Co. at dawn.",
        "We signed with Hale, Dunn & Co. at dawn.",
    ),
    _c(
        "abbreviation",
        "Let us ask Mara and co. They will know.",
        "Let us ask Mara and co.",
        "They will know.",
    ),
    _c(
        "abbreviation",
        "We signed with Hale, Dunn & Co. It was done by noon.",
        "We signed with Hale, Dunn & Co.",
        "It was done by noon.",
    ),
    _c(
        "abbreviation",
        "You can see Mt. Rainier from the deck.",
        "You can see Mt. Rainier from the deck.",
    ),
    _c(
        "abbreviation",
        "St. Anne's Hall is on 3rd st. by the park.",
        "St. Anne's Hall is on 3rd st. by the park.",
    ),
    _c(
        "abbreviation",
        "That is Bob Jr.'s bike.",
        "That is Bob Jr.'s bike.",
    ),
    _c(
        "abbreviation",
        "We toured the U.S.A. two summers ago.",
        "We toured the U.S.A. two summers ago.",
    ),
    _c(
        "abbreviation",
        "He works for the U.S. Government in Ohio.",
        "He works for the U.S. Government in Ohio.",
    ),
    _c(
        "abbreviation",
        "They have lived in the U.S. for ten years.",
        "They have lived in the U.S. for ten years.",
    ),
    _c(
        "number-mark",
        "He has $250.75 in his wallet.",
        "He has $250.75 in his wallet.",
    ),
    _c(
        "number-mark",
        "He has $250.75. It is in his wallet.",
        "He has $250.75.",
        "It is in his wallet.",
    ),
    _c(
        "plain",
        "She teaches maths (She once worked as a pilot for 3 years.) at the college.",
        "She teaches maths (She once worked as a pilot for 3 years.) at the college.",
    ),
    _c(
        "plain",
        "My address is tom.lee@mail.example.net. Write to me.",
        "My address is tom.lee@mail.example.net.",
        "Write to me.",
    ),
    _c(
        "plain",
        "The page is at https://www.example.org/some-page/item_4.html. Have a look.",
        "The page is at https://www.example.org/some-page/item_4.html.",
        "Have a look.",
    ),
    _c(
        "plain",
        "He looked up, 'This is odd.' he said.",
        "He looked up, 'This is odd.' he said.",
    ),
    _c(
        "plain",
        'He looked up, "This is odd." He closed the box.',
        'He looked up, "This is odd."',
        "He closed the box.",
    ),
    _c(
        "plain",
        "Hi!! Long time.",
        "Hi!!",
        "Long time.",
    ),
    _c(
        "plain",
        "Hi?? Anyone home?",
        "Hi??",
        "Anyone home?",
    ),
    _c(
        "plain",
        "Hi!? Is it you?",
        "Hi!?",
        "Is it you?",
    ),
    _c(
        "plain",
        "She works at Yahoo! in sales.",
        "She works at Yahoo! in sales.",
    ),
    _c(
        "ellipsis",
        "He claims that, “the river will run dry soon. . . .”",
        "He claims that, “the river will run dry soon. . . .”",
    ),
    _c(
        "ellipsis",
        '"Rivers [...] carve the land [...]" (Lee 12).',
        '"Rivers [...] carve the land [...]" (Lee 12).',
    ),
    _c(
        "ellipsis",
        "A habit that faded . . . was the keeping of diaries.",
        "A habit that faded . . . was the keeping of diaries.",
    ),
    _c(
        "ellipsis",
        "I was not really ... well, I mean...look . . . I did not mean it.",
        "I was not really ... well, I mean...look . . . I did not mean it.",
    ),
    _c(
        "ellipsis",
        "I never said that.... She left the shop.",
        "I never said that....",
        "She left the shop.",
    ),
    _c(
        "list",
        "1.) First thing 2.) Second thing",
        "1.) First thing",
        "2.) Second thing",
    ),
    _c(
        "list",
        "a. The first b. The second c. The third",
        "a. The first",
        "b. The second",
        "c. The third",
    ),
    _c(
        "abbreviation",
        "At 5 a.m. Mr. Li left. At 6 P.M. Mr. Li came back.",
        "At 5 a.m. Mr. Li left.",
        "At 6 P.M.",
        "Mr. Li came back.",
    ),
    _c(
        "number-mark",
        "He bought it for 5 dollars. Then he left.",
        "He bought it for 5 dollars.",
        "Then he left.",
    ),
    _c(
        "number-mark",
        "Chapter 4. The Storm",
        "Chapter 4.",
        "The Storm",
    ),
    _c(
        "number-mark",
        "See Section 2. It explains this.",
        "See Section 2.",
        "It explains this.",
    ),
    _c(
        "number-mark",
        "Version 3.2.1 was released. It fixed bugs.",
        "Version 3.2.1 was released.",
        "It fixed bugs.",
    ),
)


def split(text: str) -> tuple[str, ...]:
    """Lectern's sentences of ``text`` taken as one paragraph."""
    from analysis.model import Span
    from analysis.nlp.sentences import split_sentences

    spans, _ = split_sentences(text, [Span(0, len(text))])
    return tuple(text[s.start : s.end] for s in spans)


def results(cases: Sequence[Case] = CASES) -> list[tuple[Case, tuple[str, ...]]]:
    return [(case, split(case.text)) for case in cases]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failure")
    args = parser.parse_args(argv)
    found = results()
    kinds: dict[str, list[bool]] = {}
    for case, got in found:
        kinds.setdefault(case.kind, []).append(got == case.expected)
        if args.verbose and got != case.expected:
            print(f"FAIL [{case.kind}] {case.text!r}\n  expected {case.expected}\n  got      {got}")
    for kind, passed in kinds.items():
        print(f"{kind:<16} {sum(passed):>3} of {len(passed):<3}")
    total = sum(sum(p) for p in kinds.values())
    print(f"{'all':<16} {total:>3} of {len(found):<3} ({total / len(found):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
