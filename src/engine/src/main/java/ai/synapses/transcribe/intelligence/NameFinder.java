package ai.synapses.transcribe.intelligence;

import java.util.List;
import java.util.Set;

/**
 * Person names, places and organisations in lower-case speech, where capital letters cannot help:
 * gazetteers (first names, family names, places, organisations; see the resource files) plus the
 * words around them ("my name is", "mister", "from", "university of", "... bank") and street
 * addresses ("one twenty three main street"). An entry that is also an everyday word or another
 * kind of name ("jordan", "will") needs such a cue.
 */
final class NameFinder {

    private static final Cues NAME_CUES = Cues.of("my name is", "name is", "name's", "named", "this is", "i'm",
            "i am", "speak to", "speak with", "talk to", "talk with", "speaking with", "ask for", "call me",
            "thanks", "thank you", "hi", "hello", "dear", "contact", "wife", "husband", "son", "daughter",
            "brother", "sister", "friend", "colleague", "manager", "boss");
    private static final Cues STRONG_NAME_CUES = Cues.of("my name is", "name is", "name's", "named", "call me",
            "my name's");
    /** "my last name is kowalski", "surname's kowalski": a family name said on its own. */
    private static final Cues SURNAME_CUES = Cues.of("last name", "surname", "family name");
    /** An organisation whose name is also a word ("target", "chase") needs one of these before it. */
    private static final Cues ORG_CUES = Cues.of("at", "for", "from", "with", "called", "by", "to", "joined",
            "left", "bank", "customer of", "account with");
    private static final Set<String> TITLES = Set.of("mister", "mr", "mrs", "missus", "misses", "ms", "miss",
            "doctor", "dr", "professor", "officer", "detective", "judge", "nurse");
    private static final Cues PLACE_CUES = Cues.of("in", "from", "to", "near", "visit", "visiting", "outside",
            "around", "at", "live in", "moved to", "based in", "flying to", "flew to", "trip to", "across", "visited",
            "lives in", "state of", "city of");
    private static final Set<String> STREET_SUFFIXES = Set.of("street", "avenue", "road", "drive", "lane",
            "boulevard", "way", "court", "place", "parkway", "highway", "terrace", "circle", "st", "ave");
    private static final Set<String> ORG_SUFFIXES = Set.of("inc", "incorporated", "corporation", "corp", "llc",
            "limited", "ltd", "company", "bank", "group", "insurance", "airlines", "motors", "foundation",
            "university", "college", "hospital", "labs", "technologies", "systems", "solutions", "partners",
            "associates", "clinic", "pharmacy", "credit union");
    /** Words that may stand before an organisation suffix without being its name ("the bank", "my company"). */
    private static final Set<String> NOT_ORG_NAMES = Set.of("the", "a", "an", "my", "your", "our", "their", "his",
            "her", "this", "that", "big", "small", "local", "new", "old", "same", "other", "another", "whole",
            "insurance", "every", "each", "some", "any", "which", "what", "bank", "first", "good", "great", "nearest",
            "closest", "best", "biggest", "largest", "main", "nearby", "public", "private", "children's");

    private final Gazetteer firstNames;
    private final Gazetteer surnames;
    private final Gazetteer places;
    private final Gazetteer organizations;
    private final Set<String> stopwords;

    NameFinder(Gazetteer firstNames, Gazetteer surnames, Gazetteer places, Gazetteer organizations,
            Set<String> stopwords) {
        this.firstNames = firstNames;
        this.surnames = surnames;
        this.places = places;
        this.organizations = organizations;
        this.stopwords = stopwords;
    }

    void find(List<String> t, Claims claims) {
        findOrganizations(t, claims);
        findPeople(t, claims);
        findPlaces(t, claims);
    }

    /** "one twenty three main street": run before times, which would take "one twenty three" after "at". */
    void findStreetAddresses(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run == null || run.ordinal()) {
                continue;
            }
            for (int k = run.last() + 1; k <= Math.min(run.last() + 3, t.size() - 1); k++) {
                String token = t.get(k);
                if (STREET_SUFFIXES.contains(token) && k > run.last() + 1) {
                    if (claims.add(EntityType.LOCATION, i, k)) {
                        i = k;
                    }
                    break;
                }
                if (stopwords.contains(token) && !SpokenNumbers.ORDINALS.containsKey(token)) {
                    break;
                }
            }
        }
    }

    private void findOrganizations(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            int length = organizations.matchAt(t, i);
            // "university of texas", "bank of america" when not listed
            if (length == 0 && i + 2 < t.size() && Set.of("university", "bank", "college").contains(t.get(i))
                    && t.get(i + 1).equals("of")) {
                int place = places.matchAt(t, i + 2);
                if (place > 0) {
                    length = 2 + place;
                }
            }
            if (length > 0 && organizations.ambiguous(String.join(" ", t.subList(i, i + length)))
                    && !ORG_CUES.before(t, i, 1)) {
                continue;
            }
            if (length > 0) {
                // a listed name with its suffix said after it: "harvard university", "toyota motors"
                if (i + length < t.size() && ORG_SUFFIXES.contains(t.get(i + length))
                        && !ORG_SUFFIXES.contains(t.get(i + length - 1))) {
                    length++;
                }
                if (claims.add(EntityType.ORGANIZATION, i, i + length - 1)) {
                    i += length - 1;
                }
                continue;
            }
            // "<name> inc", "<place> state university", "acme insurance"
            String token = t.get(i);
            if (!stopwords.contains(token) && !NOT_ORG_NAMES.contains(token) && !SpokenNumbers.isNumberWord(token)) {
                int k = i + 1;
                if (k < t.size() && t.get(k).equals("state")) {
                    k++;
                }
                if (k < t.size() && ORG_SUFFIXES.contains(t.get(k)) && !ORG_SUFFIXES.contains(token)) {
                    int start = i;
                    if (start > 0 && !stopwords.contains(t.get(start - 1)) && !NOT_ORG_NAMES.contains(t.get(start - 1))
                            && places.contains(t.get(start - 1) + " " + token)) {
                        start--;
                    }
                    if (claims.add(EntityType.ORGANIZATION, start, k)) {
                        i = k;
                    }
                }
            }
        }
    }

    private void findPeople(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            if (!claims.free(i)) {
                continue;
            }
            String token = t.get(i);
            boolean titled = i > 0 && TITLES.contains(t.get(i - 1));
            boolean strong = STRONG_NAME_CUES.before(t, i, 1)
                    || knownSurnameAfterCue(t, i);
            boolean first = firstNames.contains(token);
            boolean knownSurname = surnames.contains(token);
            boolean followedBySurname = i + 1 < t.size() && surnames.contains(t.get(i + 1)) && claims.free(i + 1)
                    && !stopwords.contains(t.get(i + 1));
            boolean name;
            if (titled) {
                name = !stopwords.contains(token) && !SpokenNumbers.isNumberWord(token);
            } else if (strong) {
                name = !stopwords.contains(token) && !SpokenNumbers.isNumberWord(token);
            } else if (first && !firstNames.ambiguous(token)) {
                // a place name that is also a given name ("jordan", "austin") needs a person cue
                name = !places.contains(token) || followedBySurname || NAME_CUES.before(t, i, 1);
            } else if (first) {
                name = followedBySurname || NAME_CUES.before(t, i, 1) && !stopwords.contains(token);
            } else {
                name = false;
            }
            if (!name) {
                continue;
            }
            int end = i;
            if (followedBySurname || (strong || titled) && i + 1 < t.size() && claims.free(i + 1)
                    && (surnames.contains(t.get(i + 1)) || strong && !stopwords.contains(t.get(i + 1))
                    && !SpokenNumbers.isNumberWord(t.get(i + 1)) && !knownSurname && !titled)) {
                end = i + 1;
            }
            int start = titled && claims.free(i - 1) ? i - 1 : i;
            if (claims.add(EntityType.PERSON_NAME, start, end)) {
                i = end;
            }
        }
    }

    private boolean knownSurnameAfterCue(List<String> t, int i) {
        return surnames.contains(t.get(i)) && SURNAME_CUES.before(t, i, 5);
    }

    private void findPlaces(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            int length = places.matchAt(t, i);
            if (length == 0) {
                continue;
            }
            String entry = String.join(" ", t.subList(i, i + length));
            if (places.ambiguous(entry) && !PLACE_CUES.before(t, i, 1)) {
                continue;
            }
            int end = i + length - 1;
            // "austin texas", "paris france": one place
            int more = end + 1 < t.size() ? places.matchAt(t, end + 1) : 0;
            if (more > 0 && !places.ambiguous(String.join(" ", t.subList(end + 1, end + 1 + more)))) {
                end += more;
            }
            if (claims.add(EntityType.LOCATION, i, end)) {
                i = end;
            }
        }
    }
}
