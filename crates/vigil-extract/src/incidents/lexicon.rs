//! The incident lexicon as `data/incidents.toml` gives it: attack words, attack types, link
//! cues, claim and blame cues, targets, weapons, outlets and the words that decide places,
//! dates and attribution.

use serde::Deserialize;

use super::Link;

#[derive(Deserialize)]
pub(super) struct Lexicon {
    pub(super) triggers: Vec<Trigger>,
    /// Attackers ("gunmen") and violent verbs ("stormed"): each pair, in that order, is a
    /// trigger.
    pub(super) attackers: Vec<String>,
    pub(super) attacker_verbs: Vec<String>,
    pub(super) types: Vec<TypeCue>,
    pub(super) links: Vec<LinkCue>,
    pub(super) claim_cues: Vec<String>,
    pub(super) blame_cues: Vec<String>,
    pub(super) negations: Vec<String>,
    pub(super) targets: Vec<String>,
    pub(super) weapons: Vec<String>,
    pub(super) outlets: Vec<String>,
    /// Words after which a place is a location ("in", "near", "à", "в").
    pub(super) locatives: Vec<String>,
    /// Verbs after which a place is an actor ("Washington warned").
    pub(super) actor_verbs: Vec<String>,
    /// Words before a date that make it the bound of a period, not an event's date
    /// ("its leader since 2020").
    pub(super) period_words: Vec<String>,
    /// Words before an attack word that make the sentence about what followed it ("after the
    /// attack", "tras los atentados").
    pub(super) sequel_words: Vec<String>,
    /// Capitalised words that end a venue's name ("Hall", "Arena", "Gate").
    pub(super) venue_words: Vec<String>,
    /// Verbs next to which a date is the date of a statement, not of the attack.
    pub(super) reporting_verbs: Vec<String>,
    /// Words before a trigger that make it an attack that did not happen.
    pub(super) unrealised: Vec<String>,
    /// Words shortly before a direction or enabling cue that make it an open question.
    pub(super) uncertain: Vec<String>,
    /// Words before plural attack words that make them a trend ("stepped up attacks").
    pub(super) trends: Vec<String>,
    /// Words around a toll that make it a whole conflict's, not one attack's ("the war has cost
    /// 9,000 lives", "fighting that has killed 3,000 people since 2016").
    #[serde(default)]
    pub(super) aggregates: Vec<String>,
    /// Means of a statement: a date right after one is the statement's ("in a statement on
    /// Friday").
    pub(super) media: Vec<String>,
    /// Words after a name that make it a part of a town ("the Ortaköy neighbourhood").
    pub(super) parts_of_town: Vec<String>,
    /// Nouns for a group's own people after its name ("ISKP suicide bomber").
    pub(super) own_people: Vec<String>,
    /// Those of them an operation sends, which make the attack directed.
    pub(super) operatives: Vec<String>,
    /// Words between such a noun and the group's name ("gunmen from ISWAP").
    pub(super) member_links: Vec<String>,
    /// A group's own people referred back to ("its fighters").
    pub(super) group_anaphors: Vec<String>,
    /// Words of courts, trials and arrests.
    pub(super) judicial: Vec<String>,
    /// Words between a locative and a place that keep it a location ("in central Berlin").
    pub(super) directions: Vec<String>,
    /// Words shortly before a target word that make it what the attack struck ("into a
    /// crowd", "at the concert hall", "attacked a mosque").
    pub(super) target_cues: Vec<String>,
    /// Words of a general statement ("the faction often claims raids"): a sentence without an
    /// attack word that holds one adds nothing to the attack before it.
    pub(super) habitual: Vec<String>,
    /// Words between a toll and a following attack word that make the toll that attack's
    /// ("killed in an October 2 attack").
    pub(super) toll_prepositions: Vec<String>,
    /// Words before a locative that make the place a seat ("headquarters in Raqqa").
    pub(super) seats: Vec<String>,
    /// Words shortly before a date that make it a founding date ("founded in 2011").
    pub(super) founding_words: Vec<String>,
    /// Words near an attack word that put the attack before the one the text is about ("a week
    /// earlier", "two years ago").
    pub(super) earlier: Vec<String>,
    /// Words a few words before a date that make it the page's ("posted", "rédigé").
    pub(super) publishing_words: Vec<String>,
    /// Phrases that say where the current attack happened ("it happened in").
    pub(super) occurrences: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct Trigger {
    /// Lower-case word or phrase, matched at the start of a word.
    pub(super) word: String,
}

#[derive(Deserialize)]
pub(super) struct TypeCue {
    pub(super) attack_type: String,
    /// Lower-case word prefixes.
    pub(super) words: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct LinkCue {
    pub(super) link: Link,
    pub(super) phrases: Vec<String>,
}
