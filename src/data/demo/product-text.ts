/**
 * Names and descriptions of demo products, composed from the catalogue vocabulary.
 * Several sentence shapes are mixed so descriptions do not read as one template,
 * while each still says what the product is, what it is made of, its size and
 * what it is good for.
 */
import type { Decoration, Measure, NounSpec, SetSpec } from "./catalogue-categories.ts";
import { type Material, SCENT_NOTES, STYLE_MOODS, type Style } from "./catalogue-vocabulary.ts";
import { capitalise, lowerNoun, numberWord, pluralVerbPhrase, withArticle } from "./english.ts";
import type { Random } from "./random.ts";

/** The attributes a product's name and description are written from. */
export interface ProductTraits {
  noun: NounSpec;
  categoryUses: readonly string[];
  style: Style;
  material: Material;
  measure: Measure;
  colour: string;
  motif: string;
  scent: string;
  /** Items in the set or pack; undefined when sold singly. */
  setCount: number | undefined;
}

function decorationOf(noun: NounSpec): Decoration {
  return noun.decoration ?? "motif";
}

function pluralOf(noun: NounSpec): string {
  return noun.plural ?? `${noun.name}s`;
}

/** How text refers to one product: "mug", "napkins" (sets), "earrings" (always plural), with its number. */
export function itemNoun(traits: ProductTraits): { text: string; plural: boolean } {
  const plural = traits.setCount !== undefined || (traits.noun.plural !== undefined && traits.noun.plural === traits.noun.name);
  return { text: lowerNoun(traits.setCount === undefined ? traits.noun.name : pluralOf(traits.noun)), plural };
}

/** False for a motif whose first word repeats the noun ("Hanging Heart" on a "Hanging T-Light Holder"). */
export function motifFits(motif: string, noun: NounSpec): boolean {
  const firstWord = motif.split(" ")[0] ?? motif;
  return !noun.name.includes(firstWord);
}

/** A product name such as "Sage Linen Tea Towel" or "Set of 4 Gingham Napkins". */
export function composeName(random: Random, traits: ProductTraits): string {
  const { noun, material, measure, colour, motif, scent, setCount } = traits;
  const head = setCount === undefined ? noun.name : pluralOf(noun);
  // "Tin Biscuit Tin" says it twice: leave the material out when the noun already names it.
  const materialLabel = material.label !== "" && noun.name.includes(material.label) ? "" : material.label;
  let candidates: string[][];
  switch (decorationOf(noun)) {
    case "scent":
      candidates = [[scent]];
      break;
    case "colour":
      candidates = [[colour, materialLabel], [colour]];
      break;
    case "motif":
      candidates = [[colour, materialLabel], [motif, materialLabel], [colour, motif], [motif]];
      break;
  }
  const words = [measure.size, ...random.pick(candidates), head].filter((word) => word !== "");
  const prefix = setCount === undefined ? "" : `${(noun.set as SetSpec).label} ${setCount} `;
  return prefix + words.join(" ");
}

const PATTERN_WORDS = ["print", "design", "pattern"] as const;

const STYLE_ADJECTIVES: Readonly<Record<Style, readonly string[]>> = {
  vintage: ["pretty", "charming", "timeless"],
  nordic: ["simple", "understated", "elegant"],
  coastal: ["cheerful", "bright", "relaxed"],
  botanical: ["fresh", "cheerful", "pretty"],
  woodland: ["charming", "cosy", "playful"],
};

/** A description of one to three sentences: what it is, then (usually) its size and material, and what it is for. */
export function composeDescription(random: Random, traits: ProductTraits): string {
  const { noun, material, measure } = traits;
  const item = itemNoun(traits);
  let nounPhrase = item.text;
  if (traits.setCount !== undefined) {
    const count = traits.setCount <= 12 ? numberWord(traits.setCount) : String(traits.setCount);
    nounPhrase = `${(noun.set as SetSpec).label.toLowerCase()} ${count} ${item.text}`;
  } else if (noun.unit !== undefined) {
    nounPhrase = `${noun.unit} ${item.text}`;
  }
  const { text: intro, namesMaterial } = introSentence(random, traits, nounPhrase);
  // Sets describe each piece; plural-named nouns ("Slipper Socks") take a plural verb.
  const subject = traits.setCount !== undefined ? "each one" : item.plural ? "they" : "it";
  const measureText = subject === "they" ? pluralVerbPhrase(measure.text) : measure.text;
  const sizeSentence = namesMaterial
    ? `${capitalise(subject)} ${measureText}.`
    : random.pick([
        () => `Made from ${material.phrase}, ${subject} ${measureText}.`,
        () => `${capitalise(subject)} ${measureText}.`,
        () => `Crafted from ${material.phrase}; ${subject} ${measureText}.`,
      ])();
  const useSentence = random.chance(0.75) ? random.pick(noun.uses) : random.pick(traits.categoryUses);
  const roll = random.next();
  if (roll < 0.12) return intro;
  if (roll < 0.55) return `${intro} ${random.chance(0.6) ? useSentence : sizeSentence}`;
  const third = material.care !== undefined && random.chance(0.25) ? material.care : useSentence;
  return `${intro} ${sizeSentence} ${third}`;
}

/** The opening sentence, and whether it already named the material. */
function introSentence(random: Random, traits: ProductTraits, nounPhrase: string): { text: string; namesMaterial: boolean } {
  const { colour, motif, scent, material, style, noun } = traits;
  const colourText = colour.toLowerCase();
  const motifText = lowerNoun(motif);
  const mood = random.pick(STYLE_MOODS[style]);
  const adjective = random.pick(STYLE_ADJECTIVES[style]);
  const pattern = random.pick(PATTERN_WORDS);
  const plain = (text: string) => ({ text, namesMaterial: false });
  const withMaterial = (text: string) => ({ text, namesMaterial: true });
  switch (decorationOf(noun)) {
    case "scent": {
      const notes = SCENT_NOTES[scent] ?? scent.toLowerCase();
      return random.pick([
        () => plain(`${capitalise(withArticle(nounPhrase))} scented with ${notes}.`),
        () => plain(`Our ${scent} ${nounPhrase} blends ${notes}.`),
        () => plain(`${capitalise(withArticle(nounPhrase))} with ${withArticle(mood)} fragrance of ${notes}.`),
        () => withMaterial(`${capitalise(withArticle(`${adjective} ${nounPhrase}`))} made with ${material.phrase} and scented with ${notes}.`),
      ])();
    }
    case "colour":
      return random.pick([
        () => plain(`${capitalise(withArticle(`${adjective} ${nounPhrase}`))} in ${colourText}.`),
        () => withMaterial(`Our ${colourText} ${nounPhrase}, made from ${material.phrase}.`),
        () => plain(`${capitalise(withArticle(`${mood} ${nounPhrase}`))} in a soft shade of ${colourText}.`),
      ])();
    case "motif":
      return random.pick([
        () => plain(`${capitalise(withArticle(`${adjective} ${nounPhrase}`))} in ${colourText} with ${withArticle(`${motifText} ${pattern}`)}.`),
        () => withMaterial(`${capitalise(withArticle(`${motifText}-${pattern} ${nounPhrase}`))} in ${colourText}, made from ${material.phrase}.`),
        () => plain(`Our ${colourText} ${nounPhrase} has ${withArticle(mood)} feel.`),
        () =>
          withMaterial(
            `${capitalise(withArticle(nounPhrase))} made from ${material.phrase}, decorated with ${withArticle(`${motifText} ${pattern}`)} in ${colourText}.`,
          ),
        () => plain(`Part of our ${motif} collection: ${withArticle(`${adjective} ${nounPhrase}`)} in ${colourText}.`),
      ])();
  }
}
