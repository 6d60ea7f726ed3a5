"""Named characters: ``\\[Name]`` in source text and inside strings.

A named character is one of three kinds:

* a letter (``\\[Alpha]``, ``\\[CapitalOmega]``, ``\\[Pi]``): it can be part of a symbol name;
* an operator (``\\[Rule]``, ``\\[Equal]``, ``\\[Element]``): outside strings it is a token of
  the grammar, spelled as the entry in OPERATORS says;
* anything else (``\\[Bullet]``, ``\\[Ellipsis]``): it may appear only inside strings.

Inside a string every kind stands for its character.  The code points are the Wolfram
Language's (several operators live in Unicode's private use area, as in Mathematica).
"""

from __future__ import annotations

import unicodedata

__all__ = ["NAMED_CHARACTERS", "LETTER_NAMES", "OPERATORS", "SPECIAL_SYMBOLS", "name_of"]


def _greek() -> dict[str, str]:
    """\\[Alpha] … \\[Omega] and \\[CapitalAlpha] … \\[CapitalOmega] (the standard letters)."""
    names = ["Alpha", "Beta", "Gamma", "Delta", "Zeta", "Eta", "Theta", "Iota", "Kappa",
             "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon",
             "Phi", "Chi", "Psi", "Omega", "Epsilon"]
    table = {}
    for name in names:
        unicode_name = "LAMDA" if name == "Lambda" else name.upper()
        table["Capital" + name] = unicodedata.lookup("GREEK CAPITAL LETTER " + unicode_name)
        table[name] = unicodedata.lookup("GREEK SMALL LETTER " + unicode_name)
    # WL's \[Epsilon] and \[Phi] are the lunate/straight forms; the "curly" ones are the
    # ordinary Unicode small letters.
    table.update({
        "Epsilon": "\u03f5", "CurlyEpsilon": "\u03b5", "Phi": "\u03d5", "CurlyPhi": "\u03c6",
        "CurlyTheta": "\u03d1", "CurlyKappa": "\u03f0", "CurlyPi": "\u03d6",
        "CurlyRho": "\u03f1", "FinalSigma": "\u03c2", "CurlyCapitalUpsilon": "\u03d2",
        "Digamma": "\u03dd", "CapitalDigamma": "\u03dc", "Koppa": "\u03df",
        "CapitalKoppa": "\u03de", "Stigma": "\u03db", "CapitalStigma": "\u03da",
        "Sampi": "\u03e1", "CapitalSampi": "\u03e0",
    })
    return table


_OTHER_LETTERS = {
    "Micro": "\u00b5", "Infinity": "\u221e", "Degree": "\u00b0", "ExponentialE": "\u2147",
    "ImaginaryI": "\u2148", "ImaginaryJ": "\u2149", "DifferentialD": "\u2146",
    "HBar": "\u210f", "Angstrom": "\u212b", "ScriptL": "\u2113", "Aleph": "\u2135",
    "AGrave": "\u00e0", "AAcute": "\u00e1", "ADoubleDot": "\u00e4", "ODoubleDot": "\u00f6",
    "UDoubleDot": "\u00fc", "CapitalADoubleDot": "\u00c4", "CapitalODoubleDot": "\u00d6",
    "CapitalUDoubleDot": "\u00dc", "SZ": "\u00df", "EAcute": "\u00e9", "EGrave": "\u00e8",
    "CCedilla": "\u00e7", "NTilde": "\u00f1",
}

# name -> (character, token type, token value).  Token values are those the lexer gives the
# ASCII spelling of the same operator (COMPARE and INFIXOP carry the head's name).
OPERATORS: dict[str, tuple[str, str, str]] = {
    "Rule": ("\uf522", "RULE", "RULE"),
    "RuleDelayed": ("\uf51f", "RULEDELAYED", "RULEDELAYED"),
    "Function": ("\uf4a1", "MAPSTO", "MAPSTO"),
    "Equal": ("\uf431", "COMPARE", "Equal"),
    "LongEqual": ("\uf7d9", "COMPARE", "Equal"),
    "NotEqual": ("\u2260", "COMPARE", "Unequal"),
    "LessEqual": ("\u2264", "COMPARE", "LessEqual"),
    "GreaterEqual": ("\u2265", "COMPARE", "GreaterEqual"),
    "Times": ("\u00d7", "STAR", "STAR"),
    "Divide": ("\u00f7", "SLASH", "SLASH"),
    "And": ("\u2227", "AND", "AND"),
    "Or": ("\u2228", "OR", "OR"),
    "Element": ("\u2208", "INFIXOP", "Element"),
    "NotElement": ("\u2209", "INFIXOP", "NotElement"),
    "RightArrow": ("\u2192", "INFIXOP", "RightArrow"),
    "LeftArrow": ("\u2190", "INFIXOP", "LeftArrow"),
    "LongRightArrow": ("\u27f6", "INFIXOP", "LongRightArrow"),
    "Implies": ("\uf523", "INFIXOP", "Implies"),
    "Cross": ("\uf4a0", "INFIXOP", "Cross"),
    # the named forms of the other operators with an ASCII spelling (notebooks store
    # <| |> as \[LeftAssociation] \[RightAssociation])
    "TwoWayRule": ("\uf120", "TWOWAYRULE", "TWOWAYRULE"),
    "LeftAssociation": ("\uf113", "LASSOC", "LASSOC"),
    "RightAssociation": ("\uf114", "RASSOC", "RASSOC"),
    "Not": ("\u00ac", "BANG", "BANG"),
    "Minus": ("\u2212", "MINUS", "MINUS"),
    "InvisibleTimes": ("\u2062", "STAR", "STAR"),
    "InvisibleComma": ("\u2063", "COMMA", "COMMA"),
    "InvisibleApplication": ("\uf76d", "AT", "AT"),
    "LessSlantEqual": ("\u2a7d", "COMPARE", "LessEqual"),
    "GreaterSlantEqual": ("\u2a7e", "COMPARE", "GreaterEqual"),
    # postfix operators at the precedence of f' (670): x\[Transpose] is Transpose[x]
    "Transpose": ("\uf3c7", "POSTFIXOP", "Transpose"),
    "Conjugate": ("\uf3c8", "POSTFIXOP", "Conjugate"),
    "ConjugateTranspose": ("\uf3c9", "POSTFIXOP", "ConjugateTranspose"),
    "HermitianConjugate": ("\uf3ce", "POSTFIXOP", "ConjugateTranspose"),
    # infix operators without an ASCII spelling: the head is the character's name.  (They
    # all sit at one precedence level here, that of Element; WL spreads them over several.)
    **{name: (char, "INFIXOP", name) for name, char in {
        "Xor": "\u22bb", "Nand": "\u22bc", "Nor": "\u22bd", "Equivalent": "\u29e6",
        "UndirectedEdge": "\uf3d4", "DirectedEdge": "\uf3d5", "Conditioned": "\uf3d3",
        "Distributed": "\uf3d2", "Congruent": "\u2261", "Subset": "\u2282",
        "Superset": "\u2283", "SubsetEqual": "\u2286", "SupersetEqual": "\u2287",
        "Union": "\u22c3", "Intersection": "\u22c2", "CircleTimes": "\u2297",
        "CirclePlus": "\u2295", "CircleMinus": "\u2296", "CircleDot": "\u2299",
        "CenterDot": "\u00b7", "Star": "\u22c6", "SmallCircle": "\u2218",
        "Diamond": "\u22c4", "Wedge": "\u22c0", "Vee": "\u22c1", "Backslash": "\u2216",
        "Cap": "\u2322", "Cup": "\u2323", "Coproduct": "\u2210", "Colon": "\u2236",
        "Therefore": "\u2234", "Because": "\u2235", "Tilde": "\u223c",
        "Proportional": "\u221d", "LeftRightArrow": "\u2194", "UpArrow": "\u2191",
        "DownArrow": "\u2193", "Equilibrium": "\u21cc", "DoubleRightArrow": "\u21d2",
        "DoubleLeftArrow": "\u21d0", "DoubleLeftRightArrow": "\u21d4",
        "ReverseElement": "\u220b", "PlusMinus": "\u00b1", "MinusPlus": "\u2213",
    }.items()},
}

_OTHERS = {
    "Ellipsis": "\u2026", "Bullet": "\u2022", "Null": "\uf3a0", "InvisibleSpace": "\uf360",
    "Sqrt": "\u221a", "Sum": "\u2211", "Product": "\u220f", "Dash": "\u2013",
    "LongDash": "\u2014", "NonBreakingSpace": "\u00a0", "SpaceIndicator": "\u2423",
    "Copyright": "\u00a9", "Euro": "\u20ac", "Pound": "\u00a3", "Cent": "\u00a2",
    "Section": "\u00a7", "Paragraph": "\u00b6", "Dagger": "\u2020",
    "DoubleDagger": "\u2021", "LeftGuillemet": "\u00ab", "RightGuillemet": "\u00bb",
    "OpenCurlyQuote": "\u2018", "CloseCurlyQuote": "\u2019",
    "OpenCurlyDoubleQuote": "\u201c", "CloseCurlyDoubleQuote": "\u201d",
    "FilledSquare": "\u25a0", "EmptySquare": "\u25a1", "FilledCircle": "\u25cf",
    "EmptyCircle": "\u25cb", "Checkmark": "\u2713", "PartialD": "\u2202", "Del": "\u2207",
    "Integral": "\u222b", "ForAll": "\u2200", "Exists": "\u2203", "EmptySet": "\u2205",
    "Transpose": "\uf3c7", "Conjugate": "\uf3c8", "ConjugateTranspose": "\uf3c9",
    "Rectangle": "\u25ad", "LeftAngleBracket": "\u2329", "RightAngleBracket": "\u232a",
    "LeftDoubleBracket": "\u301a", "RightDoubleBracket": "\u301b", "Tab": "\t",
    "NewLine": "\n",
    # Shapes that package usage texts use as bullets (REINFORCE.m: \[FilledSmallSquare]).
    "FilledSmallSquare": "\u25fe", "EmptySmallSquare": "\u25fd",
    "FilledVerySmallSquare": "\u25aa", "EmptyVerySmallSquare": "\u25ab",
    "FilledRectangle": "\u25ac", "EmptySmallCircle": "\u25e6",
    "FilledDiamond": "\u25c6", "EmptyDiamond": "\u25c7",
    "FilledUpTriangle": "\u25b2", "EmptyUpTriangle": "\u25b3",
    "FilledDownTriangle": "\u25bc", "EmptyDownTriangle": "\u25bd",
    "FivePointedStar": "\u2605", "SixPointedStar": "\u2736",
    # Signs that text-cleaning code strips from names and titles (a Pokemon-name GAN
    # removes "\[Mars]"|"\[Venus]" and turns "\[Hyphen]" into a space).
    "Mars": "\u2642", "Venus": "\u2640", "Hyphen": "\u2010", "Trademark": "\u2122",
    "RegisteredTrademark": "\u00ae", "Yen": "\u00a5",
}

LETTERS: dict[str, str] = {**_greek(), **_OTHER_LETTERS}
LETTER_NAMES = frozenset(LETTERS)

NAMED_CHARACTERS: dict[str, str] = {
    **_OTHERS, **{name: entry[0] for name, entry in OPERATORS.items()}, **LETTERS}

# A symbol written as exactly one of these characters is the System symbol it displays
# (\[Pi] is Pi, \[ExponentialE] is E), as in the Wolfram Language.
SPECIAL_SYMBOLS = {
    "\u03c0": "Pi", "\u221e": "Infinity", "\u00b0": "Degree", "\u2147": "E", "\u2148": "I",
    "\u2149": "I",
}

_NAME_OF_CHAR = {char: name for name, char in NAMED_CHARACTERS.items()
                 if name not in ("Tab", "NewLine", "LongEqual")}


def name_of(char: str) -> str | None:
    """The WL name of a character (``"α"`` -> ``"Alpha"``), or None when it has none here."""
    return _NAME_OF_CHAR.get(char)
