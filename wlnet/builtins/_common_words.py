"""wlnet's own small list of common English words by part of speech (for WordList and
RandomWord).  The Wolfram Language draws on a dictionary of tens of thousands of words;
this list is a few hundred everyday ones, enough for examples and test data."""

NOUNS = """
account air animal answer apple area arm art baby back ball bank bed bird boat body book
bottle box boy bread brother building car cat chair child city class cloud coat color
country cup day desk dog door dream earth egg end eye face family farm father field fire
fish floor flower food foot forest friend game garden girl glass government grass group
hand head heart hill home horse hour house idea island job key king kitchen lake land
language letter life light line list man map market minute money month moon morning
mother mountain mouth music name nature night number ocean office paper park party
people picture piece place plant point problem question rain river road room school sea
season ship shoe side sister sky song sound space spring star stone story street student
sun system table teacher team thing time tree water way week window winter woman word
work world year
"""

VERBS = """
add allow answer ask become begin believe bring build buy call carry change choose close
come cook count cover cut dance decide draw dream drink drive eat fall feel fill find
finish fly follow forget give go grow happen hear help hold jump keep know laugh learn
leave lend lift listen live look lose love make meet move need open paint pay play pull
push put reach read remember run say see sell send show sing sit sleep speak spend stand
start stay swim take talk teach tell think throw travel try turn understand use visit
wait walk want wash watch win wish work write
"""

ADJECTIVES = """
able angry bad beautiful big black blue bright broad busy calm careful cheap clean clear
cold cool dark dear deep dry early easy empty fair famous fast few fine flat free fresh
full funny gentle good great green happy hard heavy high hot huge kind large late light
little long loud low lucky modern narrow new nice old open plain poor proud quick quiet
rare real red rich right round sad safe sharp short simple slow small soft strong sweet
tall thick thin tiny warm weak wet white whole wide wild wise yellow young
"""

ADVERBS = """
again almost already always away back badly carefully certainly clearly closely early
easily enough even ever everywhere fast finally gently here however just late later
loudly never now often once perhaps quickly quietly rather really seldom slowly soon
still suddenly there today together tomorrow too usually very well yesterday
"""

PREPOSITIONS = """
about above across after against along among around at before behind below beside
between by down during for from in inside into near of off on onto out outside over past
since through to toward under until up upon with within without
"""

CONJUNCTIONS = "although and because but if nor or since so than that though unless when whether while yet"

PRONOUNS = """
anybody anyone everybody everyone he her hers herself him himself his i it its itself me
mine myself nobody nothing one ours ourselves she somebody someone something them
themselves they this those us we what which who whom you yours yourself
"""

DETERMINERS = "a all an another any both each either every few many much neither no some the these"

INTERJECTIONS = "ah alas bravo hello hey hooray oh oops ouch wow"

PARTS_OF_SPEECH = {
    "Noun": NOUNS, "Verb": VERBS, "Adjective": ADJECTIVES, "Adverb": ADVERBS,
    "Preposition": PREPOSITIONS, "Conjunction": CONJUNCTIONS, "Pronoun": PRONOUNS,
    "Determiner": DETERMINERS, "Interjection": INTERJECTIONS,
}

# words so common that text analysis usually drops them (DeleteStopwords' sense)
STOPWORDS = (PREPOSITIONS + " " + CONJUNCTIONS + " " + PRONOUNS + " " + DETERMINERS
             + " am are be been being did do does had has have is was were will would")
