"""Own the gazetteer: names of places, US states and Canadian provinces, nationalities and compass words."""

from __future__ import annotations

import re


def _names(block: str) -> frozenset[str]:
    """The names of a block written one after another, separated by "|" or a line break."""
    return frozenset(name.strip() for name in re.split(r"[|\n]", block) if name.strip())


# Each US state (and the District of Columbia) with its AP abbreviation ("" where AP writes the name whole).
US_STATES: dict[str, str] = {
    "Alabama": "Ala.", "Alaska": "", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.",
    "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.",
    "Hawaii": "", "Idaho": "", "Illinois": "Ill.", "Indiana": "Ind.", "Iowa": "", "Kansas": "Kan.",
    "Kentucky": "Ky.", "Louisiana": "La.", "Maine": "", "Maryland": "Md.", "Massachusetts": "Mass.",
    "Michigan": "Mich.", "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.",
    "Nebraska": "Neb.", "Nevada": "Nev.", "New Hampshire": "N.H.", "New Jersey": "N.J.", "New Mexico": "N.M.",
    "New York": "N.Y.", "North Carolina": "N.C.", "North Dakota": "N.D.", "Ohio": "", "Oklahoma": "Okla.",
    "Oregon": "Ore.", "Pennsylvania": "Pa.", "Rhode Island": "R.I.", "South Carolina": "S.C.",
    "South Dakota": "S.D.", "Tennessee": "Tenn.", "Texas": "Tex.", "Utah": "", "Vermont": "Vt.",
    "Virginia": "Va.", "Washington": "Wash.", "West Virginia": "W.Va.", "Wisconsin": "Wis.", "Wyoming": "Wyo.",
    "District of Columbia": "D.C.",
}  # fmt: skip
STATE_NAMES = frozenset(US_STATES)
STATE_ABBREVIATIONS = frozenset(a for a in US_STATES.values() if a)
# Canadian provinces as a dateline abbreviates them ("Toronto, Ont.").
PROVINCE_ABBREVIATIONS = frozenset("Ont. Que. B.C. Alta. Man. Sask. N.S. N.B. Nfld.".split())

# Places that are also common first names or surnames ("Georgia Smith", "Mr. Washington"): places only when
# the recogniser has no better reading; on their own the shape rules leave them alone.
AMBIGUOUS_PLACES = frozenset({"Georgia", "Washington", "Virginia", "Jordan", "Chad", "Israel", "Victoria"})

# Countries and territories by their ISO 3166-1 names as pycountry 26.2.16 gives them (the short name and,
# where there is one, the common name; not the inverted "Korea, Republic of" forms), less the ones PLACES
# below names already ("Iran", "United States"), which also holds the forms news pages write instead
# ("Russia" for "Russian Federation").
COUNTRIES = _names(
    """
Afghanistan|Albania|Algeria|American Samoa|Andorra|Angola|Anguilla|Antarctica|Antigua and Barbuda
Argentina|Armenia|Aruba|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium
Belize|Benin|Bermuda|Bhutan|Bosnia and Herzegovina|Botswana|Bouvet Island|Brazil
British Indian Ocean Territory|Brunei Darussalam|Bulgaria|Burkina Faso|Burundi|Cabo Verde|Cambodia
Cameroon|Canada|Cayman Islands|Central African Republic|Chad|Chile|China|Christmas Island
Cocos (Keeling) Islands|Colombia|Comoros|Cook Islands|Costa Rica|Croatia|Cuba|Curaçao|Cyprus|Czechia
Côte d'Ivoire|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea
Eritrea|Estonia|Eswatini|Ethiopia|Falkland Islands (Malvinas)|Faroe Islands|Fiji|Finland|France
French Guiana|French Polynesia|French Southern Territories|Gabon|Gambia|Georgia|Germany|Ghana|Gibraltar
Greece|Greenland|Grenada|Guadeloupe|Guatemala|Guernsey|Guinea|Guinea-Bissau|Guyana|Haiti
Heard Island and McDonald Islands|Holy See (Vatican City State)|Honduras|Hungary|Iceland|India|Indonesia
Iraq|Ireland|Isle of Man|Israel|Italy|Jamaica|Japan|Jersey|Jordan|Kazakhstan|Kenya|Kiribati|Kuwait
Kyrgyzstan|Lao People's Democratic Republic|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania
Luxembourg|Macao|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Martinique|Mauritania
Mauritius|Mayotte|Mexico|Monaco|Mongolia|Montenegro|Montserrat|Morocco|Mozambique|Myanmar|Namibia|Nauru
Nepal|Netherlands|New Caledonia|New Zealand|Nicaragua|Niger|Nigeria|Niue|Norfolk Island|North Macedonia
Northern Mariana Islands|Norway|Oman|Pakistan|Palau|Panama|Papua New Guinea|Paraguay|Peru|Philippines
Pitcairn|Poland|Portugal|Qatar|Romania|Russian Federation|Rwanda|Réunion|Saint Barthélemy
Saint Kitts and Nevis|Saint Lucia|Saint Martin (French part)|Saint Pierre and Miquelon
Saint Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe|Saudi Arabia|Senegal|Serbia
Seychelles|Sierra Leone|Sint Maarten (Dutch part)|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa
South Georgia and the South Sandwich Islands|South Sudan|Spain|Sri Lanka|Sudan|Suriname
Svalbard and Jan Mayen|Sweden|Switzerland|Syrian Arab Republic|Tajikistan|Thailand|Timor-Leste|Togo
Tokelau|Tonga|Trinidad and Tobago|Tunisia|Turkmenistan|Turks and Caicos Islands|Tuvalu|Türkiye|Uganda
Ukraine|United Arab Emirates|United States Minor Outlying Islands|Uruguay|Uzbekistan|Vanuatu|Viet Nam
Wallis and Futuna|Western Sahara|Yemen|Zambia|Zimbabwe|Åland Islands
"""
)

# Other places news pages name: continents and regions, countries by their everyday names, territories,
# provinces, cities and districts.
PLACES = _names(
    """
Africa|Asia|Europe|Oceania|Americas|Balkans|Baltics|Scandinavia|Siberia|Middle East|Far East|Latin America|North America|South America|Central America|Southeast Asia
East Asia|Gulf Coast|West Coast|East Coast|Midwest|Silicon Valley|Wall Street|Capitol Hill|Gaza|West Bank
Kashmir|Crimea|Donbas|Hong Kong|Taiwan|Kosovo|Palestine|Scotland|England|Wales|Northern Ireland|Britain
Great Britain|Puerto Rico|Guam|Ontario|Quebec|British Columbia|Alberta|Manitoba|Nova Scotia|Saskatchewan
New York City|Los Angeles|San Francisco|Chicago|Houston|Miami|Boston|Seattle|Atlanta|Dallas|Detroit
Philadelphia|Baltimore|Brooklyn|Manhattan|Bronx|Queens|Staten Island|London|Paris|Berlin|Moscow|Beijing
Tokyo|Seoul|Pyongyang|Delhi|New Delhi|Mumbai|Kabul|Baghdad|Tehran|Damascus|Kyiv|Kiev|Jerusalem|Tel Aviv
Cairo|Istanbul|Ankara|Brussels|Geneva|Rome|Madrid|Toronto|Vancouver|Montreal|Sydney|Melbourne|Jakarta
Manila|Bangkok|Singapore|Shanghai|Riyadh|Dubai|Doha|Nairobi|Lagos|Johannesburg|Mexico City|Havana
Russia|Iran|Syria|Venezuela|Bolivia|Tanzania|Vietnam|Laos|Moldova|South Korea|North Korea|Korea|Congo
Czech Republic|United States|America|U.S.|US|USA|U.K.|UK|United Kingdom|Soviet Union|European Union
"""
)
PLACE_NAMES = PLACES | COUNTRIES

# Words for a nationality, a people, a region's people or a faith ("East Asian", "Shiite").
DEMONYMS = frozenset(
    """American Americans African Afghan Albanian Algerian Arab Arabian Argentine Armenian Asian Australian
    Austrian Bangladeshi Belgian Brazilian British Bulgarian Burmese Cambodian Canadian Chilean Chinese
    Colombian Croatian Cuban Czech Danish Dutch Egyptian English Emirati Eritrean Estonian Ethiopian European
    Filipino Finnish French Georgian German Ghanaian Greek Haitian Hispanic Hungarian Icelandic Indian
    Indonesian Iranian Iraqi Irish Israeli Italian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kurdish
    Kuwaiti Latin Latino Latina Latvian Lebanese Libyan Lithuanian Malaysian Mexican Moroccan Nepali Nigerian
    Norwegian Pakistani Palestinian Persian Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Saudi
    Scottish Serbian Slovak Somali Spanish Sudanese Swedish Swiss Syrian Taiwanese Thai Tibetan Tunisian
    Turkish Ugandan Ukrainian Uzbek Venezuelan Vietnamese Welsh Yemeni Zimbabwean Soviet Western Eastern
    Northern Southern Asian-American African-American Arab-American Nordic Baltic Balkan Caribbean Pacific
    Atlantic Mediterranean Gulf Sunni Shia Shiite Muslim Christian Jewish Catholic Hindu Buddhist""".split()
)
# Words that put a direction or part before a place or a nationality ("North Korea", "East Asian").
COMPASS_WORDS = frozenset(
    "East West North South Central Northeast Northwest Southeast Southwest Upper Lower".split()
)
# Last words that make a name a place's ("Napa County", "Hart Island").
PLACE_HEADS = frozenset(
    "County City Island Islands Valley Street Avenue Boulevard River Beach Airport Square "
    "Province Peninsula Coast Canyon Mountains Mountain Harbor Harbour Heights Township Borough".split()
)
