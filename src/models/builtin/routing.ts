/**
 * Intent routing for the builtin planner (pure): which tool a request (or one clause of
 * a compound request) asks for.
 *
 * Score of a tool for a clause = TF-IDF cosine similarity between the clause and the
 * tool's example requests (best example; the description's sentences count at half
 * weight) + keyword cues (verbs and nouns that name the tool's job: "forecast",
 * "reviews", "draft", "cross-sell", …). Text is compared as stemmed terms with ids
 * replaced by placeholders (`text.ts`). A clause goes to its best tool when the score
 * reaches `ROUTE_THRESHOLD`; compound requests are split into clauses first.
 */
import { normalize, sentences, terms, withPlaceholders } from "./text.ts";

/** What routing needs to know about a tool. */
export interface ToolProfile {
  name: string;
  description: string;
  /** Example requests (from the tool definition, plus the planner's own for known tools). */
  examples: readonly string[];
}

/** A keyword cue: a pattern on the normalised, placeholder text and what it adds to (or, when negative, takes from) a tool's score. */
interface Cue {
  pattern: RegExp;
  weight: number;
}

/** The least score a clause needs to be routed to a tool. */
export const ROUTE_THRESHOLD = 0.5;
/** Cues add at most this much, so one tool's many keywords cannot drown the examples. */
const MAX_CUE_SCORE = 1.2;

/**
 * Keyword cues of the six Bullseye tools. Tools not listed here are routed by their
 * description and examples alone.
 */
export const TOOL_CUES: Readonly<Record<string, readonly Cue[]>> = {
  segment_customers: [
    { pattern: /\bsegment(?:s|ation|ations|ing|ed)?\b|\bre-?segment/, weight: 0.55 },
    { pattern: /\b(?:group|cluster|tier|bucket|persona|cohort)(?:s|ing|ed)?\b/, weight: 0.35 },
    { pattern: /\b(?:split|break|divide|bucket|sort|classify)\b.{0,30}\b(?:customers?|shoppers|buyers|clients|customer base|customer list)\b/, weight: 0.35 },
    { pattern: /\b(?:kinds?|types?|sorts?) of (?:customers|shoppers|buyers)\b|\bcustomer base\b|\bwho are (?:our|my|the)\b/, weight: 0.5 },
    { pattern: /\b(?:best|top|most valuable|loyal|vip|biggest) customers\b|\bchampions\b|\bvips?\b/, weight: 0.3 },
    {
      pattern:
        /\bat[- ]risk\b|\bchurn|\bhibernating|\bdormant|\blapsed\b|\bhaven't (?:bought|ordered)|\bstopped (?:buying|ordering)|\b(?:new|first-time|loyal|inactive|lost) (?:customers|buyers|shoppers)\b|\bbig spenders\b/,
      weight: 0.3,
    },
    {
      pattern: /\b(?:show|find|identify|list|get|pull|give me|who are)\b.{0,25}\b(?:customers|shoppers|buyers|clients|champions|loyalists|regulars|vips|big spenders)\b/,
      weight: 0.35,
    },
    { pattern: /\bhow many customers\b|\bwhich customers\b/, weight: 0.2 },
    { pattern: /\brfm\b|\brecency\b|\b(?:spends?|buys?|orders?|shops?) the most\b|\bmost valuable\b/, weight: 0.4 },
    // "…for the champions segment": a segment as the target of another action, not a request to segment.
    { pattern: /\b(?:for|to|of|from|in|at) (?:the |our |that |this |each )?(?:[a-z'-]+ ){0,3}segment\b/, weight: -0.8 },
  ],
  recommend_products: [
    { pattern: /\brecommend(?:s|ed|ing|ation|ations)?\b/, weight: 0.6 },
    { pattern: /\bsuggest(?:ions?)?\b.{0,40}\b(?:products?|items?|something)\b|\bsuggest\b.{0,20}\bcustref\b/, weight: 0.35 },
    {
      pattern:
        /\bgo(?:es)? (?:well )?with\b|\bgo together\b|\b(?:buy|buys|bought|purchase[sd]?|order(?:ed)?) (?:together(?: with)?|with|alongside|along with)\b|\balongside\b|\bsimilar to\b|\bpair(?:s|ed|ing)? (?:well )?with\b|\bcross-?sell|\bup-?sell|\bnext best\b|\blikely to (?:buy|add|want|purchase|order)\b|\badd to (?:their|the) (?:basket|cart)\b|\b(?:top )?picks?\b|\bput in front of\b|\balso (?:buy|like)\b|\belse do (?:people|customers|shoppers) buy\b|\bcomplement/,
      weight: 0.6,
    },
    { pattern: /\bwould (?:they |he |she |customers |people )?(?:like|love|enjoy|want|buy)\b|'d (?:like|love|enjoy|buy)\b|\bthey(?:'ll| will) (?:like|love|buy)\b/, weight: 0.35 },
    { pattern: /\b(?:someone|people|customers|shoppers|those|anyone) who (?:bought|buy|buys|purchased|ordered)\b|\belse (?:might|would|could|do|did)\b/, weight: 0.45 },
    { pattern: /\bwhat (?:should|could|can) (?:we|i) (?:offer|show|send|sell|pitch)\b|\bsomething new for\b/, weight: 0.45 },
  ],
  analyze_sentiment: [
    { pattern: /\breview(?:s|ers?|ed)?\b/, weight: 0.5 },
    {
      pattern:
        /\bcomplain|\bcomplaints?\b|\bpraise|\bfeedback\b|\bsentiment\b|\bopinions?\b|\bunhappy\b|\bhappy\b|\bsatisf(?:ied|action)\b|\bfeel about\b|\bfeel (?:about|towards)\b|\bthink (?:of|about)\b|\bsay about\b|\bratings?\b|\bstar rating|\bmood\b|\bfeeling\b/,
      weight: 0.55,
    },
    { pattern: /\bhow did (?:customers|people|shoppers) feel\b|\bhow do (?:customers|people|shoppers) feel\b/, weight: 0.3 },
    { pattern: /\b(?:do|did|does) (?:customers|people|shoppers|buyers|anyone) (?:like|love|enjoy|hate|dislike|rate)\b|\b(?:customers|people|shoppers) (?:hate|dislike|love)\b/, weight: 0.5 },
    { pattern: /\b(?:score|classify|rate)\b.{0,30}\b(?:this|these|comments?|feedback|texts?|messages?)\b/, weight: 0.45 },
  ],
  forecast_sales: [
    { pattern: /\bforecast(?:s|ing|ed)?\b|\bpredict(?:s|ion|ions|ed)?\b|\bprojection|\bproject(?:ed)? (?:revenue|sales)|\boutlook\b/, weight: 0.65 },
    { pattern: /\bexpect(?:ed)?\b.{0,40}\b(?:revenue|sales|orders|units)\b|\b(?:revenue|sales|orders|units)\b.{0,40}\bexpect(?:ed)?\b/, weight: 0.45 },
    { pattern: /\brevenue\b|\bturnover\b|\border volume\b|\bunits?\b|\bsales\b/, weight: 0.25 },
    { pattern: /\bwill we sell\b|\bheading (?:up|down)\b|\bgoing (?:up|down)\b|\bup or down\b|\btrend(?:ing)?\b/, weight: 0.4 },
    { pattern: /\b(?:next|coming|following) (?:\d+ )?(?:days?|weeks?|months?|quarter|year|fortnight)\b|\bnext \w+ (?:days|weeks|months)\b/, weight: 0.2 },
  ],
  search_catalog: [
    {
      pattern:
        /\bsearch\b|\blook (?:up|for)\b|\bdo we (?:sell|have|stock|carry)\b|\bhave we got\b|\bcatalog(?:ue)?\b|\bwhich \w+(?: \w+)? (?:do we|have we|are)\b|\bin stock\b/,
      weight: 0.55,
    },
    { pattern: /\bfind\b/, weight: 0.3 },
    { pattern: /\blooking for\b|\b(?:something|anything) (?:for|to)\b|\bwhat's in (?:our|the)\b|\b(?:our|the) [a-z' ]{0,25}(?:range|collection|selection)\b/, weight: 0.5 },
    { pattern: /\bgifts?\b|\bideas? for\b|\bproducts? (?:for|to)\b|\bthings for\b|\bfeature for\b|\bshow me\b/, weight: 0.35 },
    { pattern: /(?:under|below|between|over|less than) (?:£|\$|€)/, weight: 0.2 },
    // The catalogue holds products: a request about customers is not a catalogue search.
    { pattern: /\bcustomers?\b|\bshoppers\b|\bbuyers\b|\bclients\b/, weight: -0.4 },
  ],
  draft_campaign_copy: [
    { pattern: /\b(?:write|draft|compose|craft|redraft|rewrite|re-?write|create|put together|come up with)\b/, weight: 0.35 },
    {
      pattern:
        /\bsms\b|\btext messages?\b|\be-?mails?\b|\bnewsletters?\b|\bpush\b|\bnotifications?\b|\binstagram\b|\bfacebook\b|\blinkedin\b|\btweets?\b|\bsocial\b|\bposts?\b|\bads?\b|\badverts?\b|\bsubject lines?\b|\bcopy\b|\bheadlines?\b|\btaglines?\b|\bcaptions?\b|\bmailers?\b/,
      weight: 0.4,
    },
    { pattern: /\bmessages?\b|\bcampaigns?\b|\bpromo(?:tion)?s?\b|\bannouncement\b/, weight: 0.2 },
    { pattern: /\bwin-?back\b|\bwelcome\b|\bannounc|\binvit|\bremind|\breactivation\b|\bapologi[sz]/, weight: 0.15 },
  ],
};

/**
 * The planner's own example requests for the Bullseye tools, in addition to each tool's
 * examples: phrasings marketers use that the tools' examples do not cover.
 */
export const EXTRA_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  segment_customers: [
    "Group our customers into segments",
    "Show me our customer groups",
    "Which customers are our most valuable?",
    "Find customers who stopped buying",
    "Cluster customers by recency frequency and monetary value",
  ],
  recommend_products: [
    "Recommend products for this customer",
    "What products should we suggest to this shopper next?",
    "What do customers usually buy together with this item?",
    "Personalised product picks for a customer",
    "Cross-sell and upsell ideas for a product",
  ],
  analyze_sentiment: [
    "What do our reviews say?",
    "How satisfied are customers with our products?",
    "Show me the negative feedback",
    "Is customer sentiment improving?",
    "Which aspects do customers praise?",
  ],
  forecast_sales: [
    "Forecast sales for the coming weeks",
    "How much revenue will we make?",
    "Predict demand for a product",
    "What does the sales outlook look like?",
    "Project revenue for the next period",
  ],
  search_catalog: [
    "Find products that match a theme",
    "Do we have anything for a birthday?",
    "Search our catalogue for gift ideas",
    "List products under a price",
    "Which products fit an occasion?",
  ],
  draft_campaign_copy: [
    "Write an email campaign",
    "Draft an SMS promotion with a discount code",
    "Create a push notification for a sale",
    "Write social media copy for a product launch",
    "Draft ad copy for our shop",
    "Write a newsletter for our customers",
  ],
};

interface Document {
  tool: string;
  weight: number;
  vector: Map<string, number>;
  norm: number;
}

/** One tool's score for a clause, with its parts (for tests and debugging). */
export interface ToolScore {
  tool: string;
  score: number;
  similarity: number;
  cues: number;
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms(withPlaceholders(normalize(text)))) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Scores clauses against tools; build one per set of tools. */
export class ToolRouter {
  readonly #documents: Document[] = [];
  readonly #idf = new Map<string, number>();
  readonly #tools: readonly string[];

  constructor(profiles: readonly ToolProfile[]) {
    this.#tools = profiles.map((profile) => profile.name);
    const raw: Array<{ tool: string; weight: number; counts: Map<string, number> }> = [];
    for (const profile of profiles) {
      const examples = [...profile.examples, ...(EXTRA_EXAMPLES[profile.name] ?? [])];
      for (const example of examples) raw.push({ tool: profile.name, weight: 1, counts: termCounts(example) });
      for (const sentence of sentences(profile.description)) raw.push({ tool: profile.name, weight: 0.5, counts: termCounts(sentence) });
    }
    const documentFrequency = new Map<string, number>();
    for (const document of raw) for (const term of document.counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    for (const [term, frequency] of documentFrequency) this.#idf.set(term, Math.log(1 + raw.length / frequency));
    for (const document of raw) {
      const vector = this.#weigh(document.counts);
      this.#documents.push({ tool: document.tool, weight: document.weight, vector, norm: norm(vector) });
    }
  }

  /** The tools this router knows, in the order given. */
  get tools(): readonly string[] {
    return this.#tools;
  }

  #weigh(counts: Map<string, number>): Map<string, number> {
    const vector = new Map<string, number>();
    for (const [term, count] of counts) {
      const idf = this.#idf.get(term);
      // Terms no tool uses say nothing about which tool to pick.
      if (idf !== undefined) vector.set(term, (1 + Math.log(count)) * idf);
    }
    return vector;
  }

  /** Every tool's score for `clause`, best first (ties in tool order). */
  score(clause: string): ToolScore[] {
    const query = this.#weigh(termCounts(clause));
    const queryNorm = norm(query);
    const placeholder = withPlaceholders(normalize(clause));
    return this.#tools
      .map((tool, order) => {
        let similarity = 0;
        if (queryNorm > 0) {
          for (const document of this.#documents) {
            if (document.tool !== tool || document.norm === 0) continue;
            let dot = 0;
            let shared = 0;
            for (const [term, weight] of query) {
              const other = document.vector.get(term);
              if (other === undefined) continue;
              dot += weight * other;
              shared++;
            }
            // One shared word is weak evidence: a short request like "now make it shorter" would
            // otherwise look very similar to any example that happens to contain "make".
            const evidence = shared >= 2 ? 1 : 0.5;
            similarity = Math.max(similarity, (evidence * document.weight * dot) / (queryNorm * document.norm));
          }
        }
        let cues = 0;
        let penalty = 0;
        for (const cue of TOOL_CUES[tool] ?? []) {
          if (!cue.pattern.test(placeholder)) continue;
          if (cue.weight >= 0) cues += cue.weight;
          else penalty += cue.weight;
        }
        cues = Math.min(cues, MAX_CUE_SCORE) + penalty;
        return { tool, score: round(similarity + cues), similarity: round(similarity), cues: round(cues), order };
      })
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map(({ tool, score, similarity, cues }) => ({ tool, score, similarity, cues }));
  }

  /** The tool a clause goes to, or undefined when no tool reaches the threshold. */
  route(clause: string): ToolScore | undefined {
    const [best] = this.score(clause);
    return best !== undefined && best.score >= ROUTE_THRESHOLD ? best : undefined;
  }
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const ACTION_WORDS =
  "write|draft|create|compose|craft|send|make|recommend|suggest|forecast|predict|project|tell|show|find|search|look|check|segment|group|split|cluster|score|analy[sz]e|give|list|pick|build|prepare|what|how|which|who|do|are|is|see|get|email|text";

/**
 * Splits a compound request into clauses: at sentence ends, at "then", and at "and"/"also"/","
 * when an action follows ("find at-risk customers and write them an SMS" → two clauses).
 */
export function splitClauses(text: string): string[] {
  const pattern = new RegExp(
    `(?<=[.?!;])\\s+|,?\\s+(?:and then|then|and also|also|and|plus|after that|afterwards)\\s+(?=(?:please\\s+)?(?:${ACTION_WORDS})\\b)|,\\s+(?=(?:please\\s+)?(?:then\\s+)?(?:${ACTION_WORDS})\\b)`,
    "gi",
  );
  return text
    .split(pattern)
    .map((part) => part.replace(/^(?:then|and|also)\s+/i, "").trim())
    .filter((part) => part.length > 0);
}

/** Small talk that needs no tool. */
export type SmallTalk = "greeting" | "thanks" | "help" | "off-topic";

const GREETING =
  /^(?:(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|evening)(?: there| team| bullseye| all)?|(?:(?:hi|hello|hey)[,!]? )?how are you(?: doing)?(?: today)?|how's it going)\b[\s!.,:)?]*$/;
const THANKS =
  /^(?:(?:ok(?:ay)?|great|perfect|awesome|brilliant|nice|cool|lovely|super|excellent|good|wonderful)[\s,!.]*)?(?:thanks?|thank you|thankyou|cheers|ta|much appreciated|appreciated)(?: (?:so much|very much|a lot|a bunch|again|loads))?(?:[\s,!.-]+(?:that'?s|this is|it'?s|that was|this was)? ?(?:(?:very|really|super|so) )?(?:great|helpful|useful|perfect|brilliant|awesome|lovely|exactly what i needed|spot on))?[\s!.]*$|^(?:ok(?:ay)?|great|perfect|awesome|brilliant|nice|cool|lovely|got it|good|excellent|sounds good|that'?s (?:great|helpful|useful|perfect))[\s!.]*$/;
const HELP = /^(?:help|help me|\?|what can you do|what do you do|what are you|who are you|how does (?:this|it) work|how do i use (?:this|you)|what can i ask(?: you)?|what (?:are|is) your (?:capabilities|skills|tools)|what tools do you have|what is bullseye|what's bullseye|who made you|what are you for)\b[\s?!.]*$/;
const OFF_TOPIC =
  /\b(?:poem|poems|joke|jokes|riddle|song|songs|lyrics|story|essay|homework|weather|football|soccer|cricket|match|score last night|recipe|movie|movies|film|films|book|books|novel|restaurant|restaurants|podcast|capital of|president|prime minister|bitcoin|crypto|stock price|horoscope|translate|python|javascript|code|taxes|meaning of life)\b/;

/**
 * Whether a request is small talk: a greeting, thanks, a request for help, or something
 * outside marketing (weather, jokes, poems). `routed` says whether any tool reached the
 * threshold; off-topic words only count when none did.
 */
export function detectSmallTalk(text: string, routed: boolean): SmallTalk | undefined {
  const normal = normalize(text).replace(/[!.?,]+$/, "").trim();
  if (normal === "") return "help";
  if (GREETING.test(normal)) return "greeting";
  if (THANKS.test(normal)) return "thanks";
  if (HELP.test(normal)) return "help";
  if (!routed) return OFF_TOPIC.test(normal) ? "off-topic" : undefined;
  return undefined;
}

/** Whether a routed request is nonetheless off-topic ("write me a poem"): an off-topic noun and no marketing noun. */
export function isOffTopicWriting(text: string): boolean {
  const normal = normalize(text);
  return (
    OFF_TOPIC.test(normal) &&
    !/\b(?:customers?|campaign|sale|offer|promo|products?|shop|store|brand|newsletter|email|sms|push|ad|post|segment|revenue|orders?|reviews?)\b/.test(normal)
  );
}
