//! Behaviour of incident extraction on short original texts.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::*;
use crate::{Extraction, Extractor};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

fn extract(text: &str, published: &str) -> Extraction {
    EXTRACTOR.extract(text, NaiveDate::parse_from_str(published, "%Y-%m-%d").ok())
}

#[test]
fn a_report_is_one_incident_with_its_fields() {
    let text = "Gunmen opened fire at a concert hall in Krasnogorsk on Friday, killing at least 40 people.\n\
                    The death toll rose to 133 on Saturday, officials said. More than 140 people were injured.\n\
                    The Islamic State group claimed responsibility for the attack through Amaq.";
    let found = extract(text, "2024-03-23").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    let i = &found[0];
    assert_eq!(
        (i.date.as_deref(), i.city.as_deref(), i.country.as_deref()),
        (Some("2024-03-22"), Some("Krasnogorsk"), Some("RU"))
    );
    assert_eq!(i.attack_type.as_deref(), Some("armed_assault"));
    assert_eq!(i.killed, Some(Count { value: 133, qualifier: None }), "the update wins");
    assert_eq!(i.injured.as_ref().map(|c| (c.value, c.qualifier.as_deref())), Some((140, Some("more than"))));
    assert_eq!(
        (i.perpetrator.as_deref(), i.claimed_by.as_deref()),
        (Some("islamic-state"), Some("islamic-state"))
    );
    assert_eq!((i.link, i.claim_outlet.as_deref()), (Link::Claimed, Some("Amaq")));
    for e in &i.evidence {
        assert_eq!(Span::new(e.start, e.end).slice(text), Some(e.sentence.as_str()));
    }
}

#[test]
fn a_town_placed_at_the_coordinates_of_a_city_is_not_that_city() {
    // Korvani is no town of the gazetteer: it is placed at Kirkuk, the place named beside
    // it, and that says nothing of how far apart the two attacks were.
    let text = "Militants attacked Korvani town in Kirkuk province, killing two soldiers.\n\
                    In a separate attack, gunmen opened fire on a checkpoint in Kirkuk, killing four police officers.";
    let found = extract(text, "2021-12-07").incidents;
    let places: Vec<Option<&str>> = found.iter().map(|i| i.city.as_deref()).collect();
    assert_eq!(places, [Some("Korvani"), Some("Kirkuk")], "{found:#?}");
}

#[test]
fn a_claim_dated_after_the_attack_is_the_attack_s_and_names_the_local_branch() {
    let text = "Insurgents attacked the town of Mocímboa da Praia in Cabo Delgado, Mozambique, on 5 August.\n\
                    Islamic State claimed the attack on 9 August, saying its fighters held the port.\n\
                    The United States calls the local group ISIS-Mozambique.";
    let found = extract(text, "2020-08-20").incidents;
    assert_eq!(found.len(), 1, "the claim's date makes no second attack: {found:#?}");
    let i = &found[0];
    assert_eq!(i.date.as_deref(), Some("2020-08-05"));
    assert_eq!((i.perpetrator.as_deref(), i.link), (Some("is-mozambique"), Link::Claimed));
}

#[test]
fn what_follows_an_attack_stays_with_it() {
    // A manhunt's end in another city on another day is not a second attack.
    let text = "The man suspected of driving a truck into a market in central Berlin on Monday, in an attack \
                    that killed 12 people, was shot dead by police near Milan early on Friday, officials said.\n\
                    Islamic State claimed the attack through Amaq, describing it as retaliation for operations in Syria.";
    let found = extract(text, "2016-12-23").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].city.as_deref(), found[0].date.as_deref()), (Some("Berlin"), Some("2016-12-19")));
    assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("islamic-state"), Link::Claimed));

    // The toll is the city's, even with a verb after it; killed figures joined by "and" add up.
    let text = "The number of people killed in the bombing in Peshawar has risen to about 100.\n\
                    The bombing outside the airport in Kabul on Thursday killed 13 US service members and about 170 Afghans.";
    let found = extract(text, "2023-01-31").incidents;
    let cities: Vec<(Option<&str>, Option<u64>)> =
        found.iter().map(|i| (i.city.as_deref(), i.killed.as_ref().map(|k| k.value))).collect();
    assert_eq!(cities, vec![(Some("Peshawar"), Some(100)), (Some("Kabul"), Some(183))]);
    let part = extract("A bomb in Kabul on Thursday killed 20 people, including 5 children.", "2023-01-31");
    assert_eq!(part.incidents[0].killed.as_ref().map(|k| k.value), Some(20), "a part is not added");

    // A trial and a trend are not attacks of their own.
    let text = "Gunmen attacked a concert hall in Krasnogorsk on Friday, killing 145 people.\n\
                    Four men charged with carrying out the attack appeared in a Moscow court on Sunday.\n\
                    The group has carried out fewer attacks in Afghanistan than in 2021.";
    let found = extract(text, "2024-03-25").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].city.as_deref(), Some("Krasnogorsk"));

    // "Its fighters" are the group the sentence before is about, and they act on its orders.
    let text = "Islamic State Khorasan Province has grown since 2021. Its fighters were responsible for \
                    the bombing in Kerman on 3 January 2024.";
    let found = extract(text, "2024-01-10").incidents;
    assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("iskp"), Link::Directed));
    assert_eq!(found[0].link_cues[0].text, "Its fighters");

    // Nobody claiming is not a claim.
    let text = "A bomb exploded in Kerman on Wednesday, killing 84 people. No group immediately claimed \
                    responsibility for the attack.";
    let found = extract(text, "2024-01-04").incidents;
    assert_eq!((found.len(), found[0].link), (1, Link::Unknown));
}

#[test]
fn attacks_in_passing_and_lists_are_incidents_of_their_own() {
    let text = "A bomb exploded in Kerman on Wednesday, killing 84 people.\n\
                    The group's fighters previously attacked the parliament in Tehran in 2017 and a shrine in Shiraz in 2022.";
    let found = extract(text, "2024-01-04").incidents;
    let places: Vec<(Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
    assert_eq!(
        places,
        vec![
            (Some("Kerman"), Some("2024-01-03")),
            (Some("Tehran"), Some("2017")),
            (Some("Shiraz"), Some("2022"))
        ]
    );
}

#[test]
fn the_target_is_what_the_attack_struck_not_who_reported_it() {
    let text = "A man rammed a truck into a crowd at a festival in Nice on 14 July 2016, police said. \
                    Police shot the driver.";
    let found = extract(text, "2016-07-15").incidents;
    assert_eq!(found[0].target.as_deref(), Some("crowd"));
    let text = "A gunman killed 39 people at the Reina nightclub in Istanbul on 1 January 2017, police said.";
    assert_eq!(extract(text, "2017-01-02").incidents[0].target.as_deref(), Some("nightclub"));
}

#[test]
fn plural_attacks_on_a_list_of_towns_are_one_attack_at_each() {
    let text = "Al-Shabaab fighters killed 12 soldiers in Mogadishu on 14 October.\n\
                    The 14 October attack came after assaults on army bases in September at Baidoa, \
                    Beledweyne and Jowhar.";
    let found = extract(text, "2017-10-20").incidents;
    let places: Vec<(Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
    for town in ["Baidoa", "Beledweyne", "Jawhar"] {
        assert!(places.contains(&(Some(town), Some("2017-09"))), "{town}: {places:?}");
    }
    assert!(places.contains(&(Some("Mogadishu"), Some("2017-10-14"))), "{places:?}");
    // A trend of attacks across towns is no list of attacks.
    let trend = "The group keeps up regular attacks in Baidoa, Beledweyne and Jowhar since 2016.";
    assert!(extract(trend, "2017-10-20").incidents.is_empty());
}

#[test]
fn each_attack_of_a_sentence_keeps_its_own_place_date_and_toll() {
    // Figures go to the attack named last before them; clauses keep their dates.
    let text = "Three weeks after gunmen killed more than 140 people in Moscow, and three months \
                    after twin suicide bombings in Kerman, analysts are divided.";
    let found = extract(text, "2024-04-15").incidents;
    let tolls: Vec<(Option<&str>, Option<u64>)> =
        found.iter().map(|i| (i.city.as_deref(), i.killed.as_ref().map(|k| k.value))).collect();
    assert_eq!(tolls, vec![(Some("Moscow"), Some(140)), (Some("Kerman"), None)]);

    let text = "Insurgents seized the port town of Kerman in August 2020, and an assault on \
                    Herat that began on 24 March 2021 killed 12 people.";
    let found = extract(text, "2024-04-15").incidents;
    let dated: Vec<(Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
    assert_eq!(dated, vec![(Some("Kerman"), Some("2020-08")), (Some("Herāt"), Some("2021-03-24"))]);
}

#[test]
fn an_attack_compared_with_an_older_one_stays_the_subject() {
    let text = "Gunmen stormed a concert hall in Krasnogorsk, killing 145 people.\n\
                    The attack was the deadliest in Russia since the Beslan school siege of 2004.\n\
                    The Islamic State claimed responsibility for the attack.";
    let found = extract(text, "2025-03-22").incidents;
    let seen: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref(), i.perpetrator.as_deref())).collect();
    assert_eq!(
        seen,
        vec![(Some("Krasnogorsk"), None, Some("islamic-state")), (Some("Beslan"), Some("2004"), None)]
    );
}

#[test]
fn officials_naming_a_local_group_outweigh_the_movements_claim() {
    let text = "Suicide bombers struck churches in Colombo on Sunday, killing 250 people.\n\
                    Officials named National Thowheeth Jama'ath as the main suspect, and the \
                    Islamic State claimed responsibility on Tuesday.";
    let found = extract(text, "2019-04-24").incidents;
    assert_eq!(found[0].perpetrator.as_deref(), Some("ntj"));
    assert_eq!(found[0].claimed_by.as_deref(), Some("islamic-state"));
    assert_eq!(found[0].link, Link::Alleged);
}

#[test]
fn the_latest_revision_of_a_toll_counts() {
    let text = "The toll from the bombings in Colombo on Sunday has risen to 359, police said on \
                    Wednesday.\nBy Monday the toll had risen to 290.\nDozens of people were injured, \
                    and two officers were wounded.";
    let found = extract(text, "2019-04-24").incidents;
    assert_eq!(found[0].killed.as_ref().map(|k| k.value), Some(359));
    assert_eq!(found[0].injured, None, "two of dozens is not the count");
}

#[test]
fn dates_of_statements_and_asides_do_not_date_the_attack() {
    let text = "Officials revised the toll from the twin bombings in Kerman down to 84 on Thursday.\n\
                    The explosions struck crowds on Wednesday, January 3, on the road to the cemetery \
                    where Soleimani, killed in a drone strike in Baghdad in 2020, is buried.\n\
                    The Islamic State claimed the bombings through its Amaq news agency on 4 January.";
    let found = extract(text, "2024-01-06").incidents;
    let seen: Vec<(Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
    assert_eq!(seen, vec![(Some("Kerman"), Some("2024-01-03"))]);
}

#[test]
fn the_groups_own_people_direct_and_plots_stay_apart() {
    let text = "An ISKP suicide bomber struck the airport in Kabul on 26 August 2021, killing 183 people.\n\
                    Two men arrested in Gera had been in contact with ISKP and were suspected of planning an \
                    attack in Stockholm.";
    let found = extract(text, "2024-03-28").incidents;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].perpetrator.as_deref(), Some("iskp"));
    assert_eq!(found[0].link, Link::Directed);
    assert_eq!(found[0].link_cues[0].text, "ISKP suicide bomber");
    assert_eq!(found[0].evidence.len(), 1, "the plot is not the attack's");
}

#[test]
fn the_groups_members_named_as_attackers_are_an_allegation_not_command() {
    let text = "Islamic State militants attacked a police post in Kirkuk on Sunday, killing three officers, \
                    a local official said.";
    let found = extract(text, "2021-12-07").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("islamic-state"), Link::Alleged));
    // A claim of the same group is stronger than the report's word.
    let claimed = format!("{text}\nThe Islamic State claimed responsibility for the attack on Monday.");
    assert_eq!(extract(&claimed, "2021-12-07").incidents[0].link, Link::Claimed);
}

#[test]
fn arabic_reports_name_attacks_with_their_day() {
    // "An attack on a military base in Maiduguri, Nigeria, on Thursday 29 January 2026."
    let text = "وقع هجوم على قاعدة عسكرية في مدينة مايدوغوري في نيجيريا يوم الخميس 29 يناير 2026.";
    let found = extract(text, "2026-01-30").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].date.as_deref(), found[0].city.as_deref(), found[0].country.as_deref()),
        (Some("2026-01-29"), Some("Maiduguri"), Some("NG"))
    );
    // "Thursday" is a day, not the Algerian town that also goes by that name.
    let places = extract("التقى الوزير بالسفير الخميس في نيجيريا.", "2026-01-30").places;
    assert!(places.iter().all(|p| p.name != "Khemis Miliana"), "{places:?}");
}

#[test]
fn ambushes_beheadings_and_overrun_bases_are_attacks() {
    for text in [
        "Insurgents ambushed an army convoy near Mocímboa da Praia on Monday, killing four soldiers.",
        "The beheading of four villagers near Mocímboa da Praia on Monday was claimed by the Islamic State.",
        "Al-Shabaab fighters overran a military base near Kismayo on Monday, killing four soldiers.",
    ] {
        assert_eq!(extract(text, "2024-05-28").incidents.len(), 1, "{text}");
    }
    // A raid by the police is no attack of a group's.
    let text = "Police raided a flat near Kismayo on Monday and arrested four men.";
    assert!(extract(text, "2024-05-28").incidents.is_empty());
}

#[test]
fn attackers_from_a_group_name_it() {
    let text = "Gunmen from Islamic State West Africa Province stormed an army camp near Maiduguri on \
                    Sunday, killing six soldiers.";
    let found = extract(text, "2025-01-06").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("iswap"), Link::Alleged));
    assert_eq!(found[0].link_cues[0].text, "Gunmen from Islamic State West Africa Province");
    // Members of something that is no group name nobody.
    let text =
        "Gunmen from a nearby village stormed an army camp near Maiduguri on Sunday, killing six soldiers.";
    assert_eq!(extract(text, "2025-01-06").incidents[0].perpetrator, None);
}

#[test]
fn trends_questions_and_aftermath_add_no_attack() {
    let text = "A suicide bomber struck a mosque in Peshawar on Monday, killing 100 people.\n\
                    The group has stepped up attacks on security forces in Khyber Pakhtunkhwa province since November.\n\
                    Police arrested four men suspected of taking part in the attack in Bryansk.\n\
                    Investigators are examining whether the attack was directed by the Islamic State.";
    let found = extract(text, "2023-01-31").incidents;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].evidence.len(), 3);
    assert!(found[0].link_cues.iter().all(|c| c.link != Link::Directed));
}

#[test]
fn tolls_of_different_people_add_up() {
    let text = "A suicide bomber struck near the airport in Kabul on 26 August 2021. US officials \
                    said 13 service members were killed; Afghan officials put the number of Afghan dead \
                    at around 170.";
    let found = extract(text, "2024-06-01").incidents;
    let killed = found[0].killed.as_ref().map(|k| (k.value, k.qualifier.as_deref()));
    assert_eq!(killed, Some((183, Some("about"))));
}

#[test]
fn plots_and_actors_are_not_attacks() {
    let text = "Police in Vienna arrested a man over a plot to attack the concerts.";
    assert!(extract(text, "2024-08-08").incidents.is_empty());
    let text = "A suicide bombing struck Kabul airport. Washington warned of an attack in advance.";
    let found = extract(text, "2021-08-27").incidents;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].country.as_deref(), Some("AF"));
}

#[test]
fn link_levels_follow_their_cues() {
    let text = "A man drove a truck into a crowd in New Orleans on Wednesday, killing 14 people. \
                    The FBI said he acted alone and was inspired by the Islamic State, with no evidence of training by the group.";
    let i = &extract(text, "2025-01-02").incidents[0];
    assert_eq!(i.link, Link::Inspired);
    assert!(i.link_cues.iter().all(|c| c.link == Link::Inspired), "{:?}", i.link_cues);
    assert_eq!(i.attack_type.as_deref(), Some("vehicle_ramming"));
    let text = "Officials blamed the Islamic State for the bombing in Peshawar on Monday.";
    assert_eq!(extract(text, "2023-01-31").incidents[0].link, Link::Alleged);
}

#[test]
fn any_input_is_safe() {
    for text in ["", "attack", "attack in", "«attack»", "\u{301}attack", &"attack in Kabul. ".repeat(2000)]
    {
        let _ = extract(text, "2024-01-01");
    }
}

#[test]
fn a_toll_leading_into_another_attack_word_is_that_attack_s() {
    let text = "A suicide bomber struck a police post in Kandahar on Thursday, killing nine officers.\n\
                The faction has claimed a string of attacks in Kandahar; 30 guests had died \
                two years earlier in a car bombing at a hotel there.";
    let found = extract(text, "2025-06-13").incidents;
    let thursday =
        found.iter().find(|i| i.date.as_deref() == Some("2025-06-12")).expect("the Thursday attack");
    assert_eq!(thursday.killed.as_ref().map(|k| k.value), Some(9), "{found:#?}");
}

#[test]
fn general_statements_founding_dates_and_seats_do_not_describe_the_attack() {
    // "often ... inspired by" is about the faction's habits, not this attack's link.
    let text = "Gunmen attacked a checkpoint in Mopti on Sunday, killing four soldiers. The Islamic \
                State claimed responsibility.\nThe faction usually claims raids by sympathisers \
                inspired by its broadcasts.";
    let found = extract(text, "2025-03-04").incidents;
    assert_eq!((found.len(), found[0].link), (1, Link::Claimed), "{found:#?}");
    // A faction founded in 2011 and headquartered in Raqqa: neither dates nor places its attack.
    let text = "Officials blamed the bombing on the Nineveh Front, a faction founded in 2011 that \
                keeps its headquarters in Raqqa.\nThe bombing struck a market in Mosul, killing 12 people.";
    let found = extract(text, "2025-03-04").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].city.as_deref(), found[0].date.as_deref()), (Some("Mosul"), None));
}

#[test]
fn a_sentence_saying_where_it_happened_places_an_attack_known_by_its_country() {
    let text = "At least 20 soldiers were killed in an ambush on a convoy in Nigeria, the army said.\n\
                The ambush took place in Yobe state, near Damaturu.";
    let found = extract(text, "2025-03-04").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].country.as_deref(), found[0].killed.as_ref().map(|k| k.value)),
        (Some("NG"), Some(20))
    );
    assert!(found[0].city.is_some() || found[0].place.as_deref() == Some("Yobe"), "{found:#?}");
}

#[test]
fn a_list_item_with_its_own_attack_word_is_an_attack_of_its_own() {
    let text = "The faction has been blamed for attacks abroad: on a hotel in Sousse in June 2015 \
                and a car bombing at a stadium in Kano, Nigeria, in May 2019.";
    let found = extract(text, "2024-03-25").incidents;
    let got: Vec<(Option<&str>, Option<&str>)> =
        found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
    assert_eq!(got, [(Some("Sousse"), Some("2015-06")), (Some("Kano"), Some("2019-05"))]);
}

#[test]
fn attackers_acts_in_two_countries_are_two_attacks_each_with_its_dead() {
    let text = "Gunmen massacred 40 villagers in northern Niger and killed nine soldiers in an ambush \
                in neighbouring Mali, officials said.";
    let found = extract(text, "2025-02-10").incidents;
    let got: Vec<(Option<&str>, Option<u64>)> =
        found.iter().map(|i| (i.country.as_deref(), i.killed.as_ref().map(|k| k.value))).collect();
    assert_eq!(got, [(Some("NE"), Some(40)), (Some("ML"), Some(9))], "{found:#?}");
    // A range of the dead counts its lower bound; the dead of last week are another event's.
    let text = "Gunmen attacked the village of Tassia in northern Niger on Sunday; between 12 and 20 \
                people died, a local official said.\nLast week 30 herders were killed in the same district.";
    let found = extract(text, "2025-02-10").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    let killed = found[0].killed.clone().unwrap();
    assert_eq!((killed.value, killed.qualifier.as_deref()), (12, Some("at least")));
}

#[test]
fn the_town_after_an_attack_phrase_places_it_and_the_page_date_dates_nothing() {
    let text = "Posted by Lena Okonkwo on 9 March 2025\n\nThe raid on Tassalit in the north of Mali killed \
                six soldiers, the army said.";
    let found = extract(text, "2025-03-09").incidents;
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].city.as_deref(), found[0].date.as_deref()), (Some("Tassalit"), None));
}

#[test]
fn a_date_heading_dates_the_attack_told_under_it() {
    let text = "A year of attacks in the province, as recorded by the monitor.\n\n3 March\n\n\
                Gunmen attacked a police post in Mopti, killing two officers.\n\n9 March\n\n\
                A bomb damaged a bridge near Sévaré overnight; no one was hurt.";
    let found = extract(text, "2025-04-01").incidents;
    let mopti = found.iter().find(|i| i.city.as_deref() == Some("Mopti")).expect("the Mopti attack");
    assert_eq!(mopti.date.as_deref(), Some("2025-03-03"), "{found:#?}");
}
