// Writes models/merchants/brands.tsv from OpenStreetMap's name-suggestion-index (NSI): one row per brand
// with its proper name, our category (from its OSM shop/amenity/tourism/office/… tag), the countries it
// trades in and its Wikidata id. Run through scripts/merchants/build-brands.sh, which fetches the package.
//
//   node build-brands.mjs <unpacked package dir> <out.tsv> [--hold-out <fraction> --seed <n> --held-out <file>]
//
// --hold-out leaves a seeded random share of the brands out of <out.tsv> and writes them to --held-out
// instead, so the lookup can be measured on brands it does not hold.
import fs from 'node:fs';
import path from 'node:path';

const [packageDir, outFile, ...rest] = process.argv.slice(2);
if (!packageDir || !outFile) {
  console.error('usage: node build-brands.mjs <package dir> <out.tsv> [--hold-out 0.2 --seed 13 --held-out file]');
  process.exit(2);
}
const option = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const holdOut = Number(option('--hold-out') ?? 0);
const seed = Number(option('--seed') ?? 13);
const heldOutFile = option('--held-out');
if (holdOut > 0 && !heldOutFile) { console.error('--hold-out needs --held-out <file>'); process.exit(2); }

// OSM key/value → our category. A value not listed takes its key's default; a key without a default
// (and a value mapped to null) is left out: ATMs, banks, lockers, flags and the like are not where
// people spend, and a bank's name on a statement is not a category.
const categories = {
  shop: {
    default: 'shopping',
    supermarket: 'groceries', convenience: 'groceries', greengrocer: 'groceries', butcher: 'groceries',
    bakery: 'groceries', confectionery: 'groceries', chocolate: 'groceries', dairy: 'groceries', deli: 'groceries',
    frozen_food: 'groceries', health_food: 'groceries', cheese: 'groceries', seafood: 'groceries', spices: 'groceries',
    nuts: 'groceries', tea: 'groceries', coffee: 'groceries', beverages: 'groceries', alcohol: 'groceries',
    wine: 'groceries', wholesale: 'groceries', general: 'groceries', country_store: 'groceries', kiosk: 'groceries',
    pastry: 'dining',
    car: 'transport', car_repair: 'transport', car_parts: 'transport', tyres: 'transport', motorcycle: 'transport',
    motorcycle_repair: 'transport', truck: 'transport', truck_repair: 'transport', bicycle: 'transport',
    gas: 'utilities', telecommunication: 'utilities',
    doityourself: 'housing', hardware: 'housing', paint: 'housing', flooring: 'housing', tiles: 'housing',
    doors: 'housing', window_blind: 'housing', bathroom_furnishing: 'housing', kitchen: 'housing',
    glaziery: 'housing', curtain: 'housing', carpet: 'housing', furniture: 'housing', bed: 'housing',
    trade: 'housing', storage_rental: 'housing', groundskeeping: 'housing', pest_control: 'housing',
    locksmith: 'housing', swimming_pool: 'housing',
    pharmacy: 'health', optician: 'health', hearing_aids: 'health', medical_supply: 'health', herbalist: 'health',
    nutrition_supplements: 'health',
    chemist: 'personal_care', cosmetics: 'personal_care', perfumery: 'personal_care', beauty: 'personal_care',
    hairdresser: 'personal_care', hairdresser_supply: 'personal_care', massage: 'personal_care',
    tattoo: 'personal_care', dry_cleaning: 'personal_care', laundry: 'personal_care', shoe_repair: 'personal_care',
    tailor: 'personal_care',
    lottery: 'entertainment', bookmaker: 'entertainment', ticket: 'entertainment',
    travel_agency: 'travel',
    gift: 'gifts', florist: 'gifts', party: 'gifts',
    money_lender: 'fees', pawnbroker: 'fees', gold_buyer: null,
    funeral_directors: null, catalogue: null, outpost: null,
  },
  amenity: {
    restaurant: 'dining', fast_food: 'dining', cafe: 'dining', bar: 'dining', pub: 'dining', ice_cream: 'dining',
    food_court: 'dining',
    fuel: 'transport', charging_station: 'transport', car_wash: 'transport', car_sharing: 'transport',
    bicycle_rental: 'transport', parking: 'transport', vehicle_inspection: 'transport', motorcycle_rental: 'transport',
    car_rental: 'travel',
    pharmacy: 'health', clinic: 'health', dentist: 'health', doctors: 'health', hospital: 'health',
    veterinary: 'health',
    cinema: 'entertainment', casino: 'entertainment', gambling: 'entertainment', karaoke_box: 'entertainment',
    internet_cafe: 'entertainment',
    school: 'education', college: 'education', university: 'education', kindergarten: 'education',
    childcare: 'education', language_school: 'education', music_school: 'education', prep_school: 'education',
    driving_school: 'education', training: 'education',
    bureau_de_change: 'fees', money_transfer: 'fees', payment_centre: 'fees',
    animal_boarding: 'other', post_office: 'other',
  },
  tourism: { hotel: 'travel', motel: 'travel', hostel: 'travel', caravan_site: 'travel', theme_park: 'entertainment' },
  leisure: {
    default: 'entertainment', fitness_centre: 'health', fitness_station: null, playground: null, dog_park: null,
  },
  healthcare: { default: 'health', blood_donation: null },
  office: {
    estate_agent: 'housing', moving_company: 'housing', telecommunication: 'utilities', insurance: 'other',
    mortgage: 'housing', coworking: 'other', tax_advisor: 'other', lawyer: 'other', employment_agency: 'other',
  },
  craft: { default: 'housing', electronics_repair: 'shopping' },
  man_made: { charge_point: 'transport' },
  highway: { services: 'transport' },
  waterway: { fuel: 'transport' },
};

function categoryOf(key, value) {
  const byValue = categories[key];
  if (!byValue) return null;
  if (value in byValue) return byValue[value];
  return byValue.default ?? null;
}

// Countries from a location set: ISO codes (and the country of a subdivision or its .geojson file);
// the world, a region or a custom area counts as "anywhere" (empty).
function countriesOf(locationSet) {
  const codes = new Set();
  for (const place of locationSet?.include ?? []) {
    if (typeof place !== 'string') return '';
    const code = place.replace(/\.geojson$/, '').split('-')[0];
    if (!/^[a-z]{2}$/i.test(code)) return '';
    codes.add(code.toUpperCase());
  }
  return [...codes].sort().join(',');
}

const latin = (s) => /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]+$/u.test(s);
const clean = (s) => (s ?? '').replace(/[\t\r\n|]+/g, ' ').trim();

const nsi = JSON.parse(fs.readFileSync(path.join(packageDir, 'dist', 'json', 'nsi.json'), 'utf8'));
const version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
const rows = [];
for (const [tree, { items }] of Object.entries(nsi.nsi)) {
  const [kind, key, value] = tree.split('/');
  if (kind !== 'brands') continue;
  const category = categoryOf(key, value);
  if (!category) continue;
  for (const item of items) {
    const tags = item.tags ?? {};
    const native = clean(tags.brand ?? tags.name ?? item.displayName);
    const english = clean(tags['brand:en'] ?? tags['name:en']);
    // The name shown is the brand as people write it; an English form when the brand's own is not Latin.
    const name = !latin(native) && english && latin(english) ? english : native;
    if (!name || !latin(name)) continue;
    const aliases = new Set([native, english, clean(tags.name), clean(item.displayName), ...(item.matchNames ?? []).map(clean)]
      .filter((a) => a && a !== name && latin(a)));
    rows.push({ name, category, countries: countriesOf(item.locationSet), wikidata: clean(tags['brand:wikidata']), aliases: [...aliases] });
  }
}
// One row per name and category: the same brand under several OSM entries (per country, per Wikidata
// item) merges its countries and spellings; "anywhere" absorbs any country list.
const merged = new Map();
for (const r of rows) {
  const key = `${r.name}\t${r.category}`;
  const m = merged.get(key);
  if (!m) { merged.set(key, { ...r, countries: new Set(r.countries ? r.countries.split(',') : ['*']), aliases: new Set(r.aliases) }); continue; }
  for (const c of r.countries ? r.countries.split(',') : ['*']) m.countries.add(c);
  for (const a of r.aliases) m.aliases.add(a);
  m.wikidata ||= r.wikidata;
}
rows.length = 0;
for (const m of merged.values())
  rows.push({ ...m, countries: m.countries.has('*') ? '' : [...m.countries].sort().join(','), aliases: [...m.aliases] });
rows.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.category.localeCompare(b.category) || a.countries.localeCompare(b.countries));

// mulberry32: a tiny seeded generator, so the same seed always holds out the same brands.
function random(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Brands that share a name are held out together: otherwise the kept one would answer for the other.
const heldOutNames = new Set();
if (holdOut > 0) {
  const names = [...new Set(rows.map((r) => r.name.toLowerCase()))].sort();
  const next = random(seed);
  for (const n of names) if (next() < holdOut) heldOutNames.add(n);
}

const header = (what) => [
  `# ${what} from name-suggestion-index ${version} (OpenStreetMap's brand index), written by scripts/merchants/build-brands.sh.`,
  '# name<TAB>category<TAB>countries (ISO, empty = anywhere)<TAB>wikidata<TAB>other spellings (|-separated)',
  '# NSI is BSD-3-Clause (c) name-suggestion-index contributors; see models/merchants/README.md.',
];
const line = (r) => [r.name, r.category, r.countries, r.wikidata, r.aliases.join('|')].join('\t');
const kept = rows.filter((r) => !heldOutNames.has(r.name.toLowerCase()));
fs.writeFileSync(outFile, [...header('Brands'), ...kept.map(line)].join('\n') + '\n');
console.log(`${kept.length} brands written to ${outFile}`);
if (holdOut > 0) {
  const held = rows.filter((r) => heldOutNames.has(r.name.toLowerCase()));
  fs.writeFileSync(heldOutFile, [...header(`Brands held out (seed ${seed}, ${holdOut})`), ...held.map(line)].join('\n') + '\n');
  console.log(`${held.length} brands held out to ${heldOutFile}`);
}
