// Package generate makes realistic synthetic practice sheets for load tests and demos: Dutch
// text assembled from phrase pools taken from the seed documents, facet terms with a skewed
// (Zipf-like) popularity, and local variants in municipalities weighted towards the big
// cities. Sheet i of a seed is the same on every run and independent of the other sheets.
package generate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/praktijkbank/praktijkbank/internal/catalog"
	"github.com/praktijkbank/praktijkbank/internal/refdata"
	"github.com/praktijkbank/praktijkbank/internal/store"
)

// Municipality is a municipality a local variant can name, with its drawing weight.
type Municipality struct {
	Label  string
	Slug   string
	Weight float64
}

// Municipalities turns the municipality vocabulary (app.Municipalities) into the current
// municipalities, the big cities weighing more.
func Municipalities(rows []store.Municipality) []Municipality {
	var out []Municipality
	for _, r := range rows {
		if r.MergedIntoNIS != "" {
			continue
		}
		w := 1.0
		if b, ok := bigCities[r.Label]; ok {
			w = b
		}
		out = append(out, Municipality{Label: r.Label, Slug: r.Slug, Weight: w})
	}
	return out
}

// Options configures a Generator.
type Options struct {
	Seed uint64
	// Municipalities to draw local variants from; required.
	Municipalities []Municipality
	// Now ends the window of publication dates (the five years before it); zero means the
	// start of the current day, UTC. Fix it for output that does not depend on the day.
	Now time.Time
}

// Window is how far back publication dates go.
const Window = 5 * 365 * 24 * time.Hour

// Generator makes sheets. It is safe for concurrent use.
type Generator struct {
	seed  uint64
	now   time.Time
	munis []Municipality
	mcum  []float64 // cumulative municipality weights

	facetCum map[catalog.Facet][]float64
}

// zipfExponent shapes the term popularity: weight of rank r is 1/(r+1)^s.
const zipfExponent = 1.0

// facetTerms are the curated vocabularies in popularity order; goals and target groups are
// the starting vocabularies the catalogue ships with.
var facetTerms = map[catalog.Facet][]string{
	catalog.FacetCategory:     Categories,
	catalog.FacetGoal:         vocabularyLabels(catalog.FacetGoal),
	catalog.FacetTargetGroup:  vocabularyLabels(catalog.FacetTargetGroup),
	catalog.FacetPolicyDomain: PolicyDomains,
}

// sentencesFor holds, per facet and term label, the sentences of the pool that name the term
// (contain one of its keywords); a term no sentence names gets its own label as a sentence.
var sentencesFor = map[catalog.Facet]map[string][]string{
	catalog.FacetGoal:        sentencesByTerm(catalog.FacetGoal, GoalSentences),
	catalog.FacetTargetGroup: sentencesByTerm(catalog.FacetTargetGroup, TargetGroupSentences),
}

func vocabularyLabels(f catalog.Facet) []string {
	vs, err := refdata.Vocabularies()
	if err != nil {
		panic(err) // the embedded file is checked by its own test
	}
	var out []string
	for _, v := range vs {
		if v.Facet == f {
			out = append(out, v.Label)
		}
	}
	return out
}

func sentencesByTerm(f catalog.Facet, pool []string) map[string][]string {
	vs, err := refdata.Vocabularies()
	if err != nil {
		panic(err)
	}
	out := map[string][]string{}
	for _, v := range vs {
		if v.Facet != f {
			continue
		}
		for _, s := range pool {
			words := " " + strings.Join(strings.FieldsFunc(catalog.Fold(s), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}), " ") + " "
			for _, k := range v.Keywords {
				if strings.Contains(words, " "+catalog.Fold(k)) {
					out[v.Label] = append(out[v.Label], s)
					break
				}
			}
		}
		if len(out[v.Label]) == 0 {
			out[v.Label] = []string{v.Label}
		}
	}
	return out
}

// Bounds of the number of terms per facet, and the distribution over min..max.
var facetCounts = map[catalog.Facet][]float64{
	catalog.FacetCategory:     {0.45, 0.35, 0.15, 0.05},             // 1–4
	catalog.FacetGoal:         {0.25, 0.30, 0.25, 0.13, 0.07},       // 1–5
	catalog.FacetTargetGroup:  {0.50, 0.35, 0.15},                   // 1–3
	catalog.FacetPolicyDomain: {0.15, 0.25, 0.25, 0.18, 0.10, 0.07}, // 1–6
	catalog.FacetMunicipality: {0.60, 0.20, 0.10, 0.06, 0.04},       // 1–5 per variant
	"variants":                {0.55, 0.25, 0.13, 0.07},             // 1–4
	"paragraphs":              {0.20, 0.30, 0.25, 0.15, 0.10},       // 2–6 (offset 2)
	"success":                 {0.10, 0.30, 0.30, 0.20, 0.10},       // 1–5
	"challenges":              {0.40, 0.30, 0.20, 0.10},             // 0–3 (offset 0)
	"sentences":               {0.30, 0.45, 0.25},                   // 2–4 (offset 2)
	"variantSentences":        {0.55, 0.35, 0.10},                   // 1–3
	"partners":                {0.30, 0.40, 0.30},                   // 1–3
}

// New returns a generator.
func New(opts Options) (*Generator, error) {
	if len(opts.Municipalities) < len(facetCounts[catalog.FacetMunicipality]) {
		return nil, errors.New("generate: too few municipalities")
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now().UTC().Truncate(24 * time.Hour)
	}
	g := &Generator{seed: opts.Seed, now: now, munis: opts.Municipalities, facetCum: map[catalog.Facet][]float64{}}
	sum := 0.0
	for _, m := range g.munis {
		if m.Weight <= 0 || m.Slug == "" || m.Label == "" {
			return nil, fmt.Errorf("generate: bad municipality %+v", m)
		}
		sum += m.Weight
		g.mcum = append(g.mcum, sum)
	}
	for f, terms := range facetTerms {
		sum := 0.0
		for r := range terms {
			sum += 1 / math.Pow(float64(r+1), zipfExponent)
			g.facetCum[f] = append(g.facetCum[f], sum)
		}
	}
	return g, nil
}

// Vocabulary returns the labels of the four curated facets the generator draws from.
func Vocabulary() map[catalog.Facet][]string {
	out := map[catalog.Facet][]string{}
	for f, terms := range facetTerms {
		out[f] = append([]string(nil), terms...)
	}
	return out
}

// Source is the source of sheet i of seed: re-generating it updates the same sheet.
func Source(seed uint64, i int) string { return fmt.Sprintf("generate:%d:%d", seed, i) }

// splitmix64 scrambles x, so that neighbouring sheet numbers get unrelated streams.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// rng is the random source of one sheet. It deals description sentences from a shuffled
// deck, so that a sheet repeats none until the deck is used up.
type rng struct {
	*rand.Rand
	deck []int
}

func (g *Generator) rng(i int) *rng {
	return &rng{Rand: rand.New(rand.NewPCG(splitmix64(g.seed), splitmix64(uint64(i)^0x5851f42d4c957f2d)))}
}

// nextSentence deals the next description sentence template.
func (r *rng) nextSentence() string {
	if len(r.deck) == 0 {
		r.deck = r.Perm(len(sentences))
	}
	s := sentences[r.deck[0]]
	r.deck = r.deck[1:]
	return s
}

func (r *rng) pick(xs []string) string { return xs[r.IntN(len(xs))] }

// count draws min+k with probability dist[k].
func (r *rng) count(dist []float64, min int) int {
	x := r.Float64()
	for k, p := range dist {
		if x < p {
			return min + k
		}
		x -= p
	}
	return min + len(dist) - 1
}

// weighted draws an index from cumulative weights.
func (r *rng) weighted(cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return sort.SearchFloat64s(cum, x) // first index with cum[i] >= x
}

// distinct draws k distinct indexes from cumulative weights, in drawing order.
func (r *rng) distinct(cum []float64, k int) []int {
	k = min(k, len(cum))
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for tries := 0; len(out) < k && tries < 50*k; tries++ {
		i := min(r.weighted(cum), len(cum)-1)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for i := 0; len(out) < k; i++ { // bounded fallback for very skewed weights
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// pickN draws k distinct strings uniformly.
func (r *rng) pickN(xs []string, k int) []string {
	idx := r.Perm(len(xs))[:min(k, len(xs))]
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = xs[i]
	}
	return out
}

func capitalize(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}

func lowerFirst(s string) string {
	// "De gemeente" → "de gemeente", but keep "OCMW"-like words and names as they are.
	w, rest, _ := strings.Cut(s, " ")
	switch w {
	case "De", "Het", "Een":
		return strings.ToLower(w) + " " + rest
	}
	return s
}

// Sheet returns sheet i: deterministic in the seed and i. Its slug is derived from its
// title and is not unique across sheets: use a SlugSet (or Batch) for that.
func (g *Generator) Sheet(i int) catalog.Sheet {
	r := g.rng(i)
	sh := catalog.Sheet{
		Source: Source(g.seed, i),
		Status: catalog.StatusPublished,
		Terms:  map[catalog.Facet][]string{},
	}

	// Local variants first: the title may name the first municipality.
	nv := r.count(facetCounts["variants"], 1)
	var firstMuni string
	for v := 0; v < nv; v++ {
		idx := r.distinct(g.mcum, r.count(facetCounts[catalog.FacetMunicipality], 1))
		var places []catalog.Place
		var names []string
		for _, k := range idx {
			m := g.munis[k]
			places = append(places, catalog.Place{Name: m.Label, TermSlug: m.Slug})
			names = append(names, m.Label)
		}
		if firstMuni == "" {
			firstMuni = names[0]
		}
		sh.Variants = append(sh.Variants, g.variant(r, places))
	}

	sh.Title = g.title(r, firstMuni)
	sh.Slug = catalog.Slugify(sh.Title)
	sh.Intro = g.intro(r)
	sh.Description = g.description(r)
	sh.SuccessFactors = bullets(r.pickN(successFactors, r.count(facetCounts["success"], 1)))
	sh.Challenges = bullets(r.pickN(challenges, r.count(facetCounts["challenges"], 0)))
	sh.Partners = fmt.Sprintf("%s werkt samen met %s om %s te bereiken.",
		r.pick(subjects), catalog.JoinNames(r.pickN(partners, r.count(facetCounts["partners"], 1))), r.pick(groupsLong))

	for _, f := range []catalog.Facet{catalog.FacetCategory, catalog.FacetGoal, catalog.FacetTargetGroup, catalog.FacetPolicyDomain} {
		for _, k := range r.distinct(g.facetCum[f], r.count(facetCounts[f], 1)) {
			sh.Terms[f] = append(sh.Terms[f], facetTerms[f][k])
		}
	}
	// The sheet's own sentences: one that names each of its goal and target-group terms.
	for _, f := range []catalog.Facet{catalog.FacetGoal, catalog.FacetTargetGroup} {
		var sentences []string
		for _, label := range sh.Terms[f] {
			if s := r.pick(sentencesFor[f][label]); !slices.Contains(sentences, s) {
				sentences = append(sentences, s)
			}
		}
		if f == catalog.FacetGoal {
			sh.Goals = sentences
		} else {
			sh.TargetGroups = sentences
		}
	}

	if r.IntN(10) == 0 {
		sh.Sections = append(sh.Sections, g.section(r))
	}
	if r.IntN(20) == 0 {
		sh.Resources = append(sh.Resources, catalog.Resource{
			Title:   r.pick(resourceTitles),
			ByWhom:  capitalize(r.pick(partners)),
			ForWhom: r.pick(groupsShort),
			Content: g.sentence(r) + " " + g.sentence(r),
		})
	}

	// Published some time in the window, more of them recently (the catalogue grows).
	age := time.Duration((1 - math.Sqrt(r.Float64())) * float64(Window))
	sh.PublishedAt = g.now.Add(-age).Truncate(time.Second)
	sh.CreatedAt, sh.UpdatedAt = sh.PublishedAt, sh.PublishedAt
	return sh
}

func (g *Generator) title(r *rng, muni string) string {
	n := titleNouns[r.IntN(len(titleNouns))]
	adj := r.pick2(titleAdjectives)
	a := adj[1]
	if n.het {
		a = adj[0]
	}
	switch x := r.IntN(100); {
	case x < 40:
		return capitalize(a + " " + n.word + " in " + muni)
	case x < 70:
		return capitalize(a + " " + n.word + " voor " + r.pick(groupsShort))
	case x < 85:
		return capitalize(n.word + " voor " + r.pick(groupsShort))
	case x < 93:
		return fmt.Sprintf("%s: %s %s", r.pick(projectNames), a, n.word)
	default:
		return fmt.Sprintf("%s (%s)", r.pick(projectNames), muni)
	}
}

func (r *rng) pick2(xs [][2]string) [2]string { return xs[r.IntN(len(xs))] }

func (g *Generator) intro(r *rng) string {
	s := r.pick(subjects)
	var first string
	switch r.IntN(7) {
	case 0:
		first = fmt.Sprintf("%s begeleidt %s %s.", s, r.pick(groupsLong), r.pick(purposes))
	case 1:
		first = fmt.Sprintf("%s brengt %s samen %s %s.", s, r.pick(groupsLong), r.pick(places), r.pick(purposes))
	case 2:
		first = fmt.Sprintf("%s maakt %s wegwijs in %s.", s, r.pick(groupsLong), r.pick(offers))
	case 3:
		first = fmt.Sprintf("%s leidt %s toe naar %s.", s, r.pick(groupsLong), r.pick(offers))
	case 4:
		first = fmt.Sprintf("%s organiseert %s voor %s %s.", s, r.pick(activities), r.pick(groupsShort), r.pick(places))
	case 5:
		first = fmt.Sprintf("%s ondersteunt %s %s.", s, r.pick(groupsLong), r.pick(purposes))
	default:
		first = fmt.Sprintf("%s zet in op %s voor %s.", s, r.pick(activities), r.pick(groupsLong))
	}
	if r.IntN(2) == 0 {
		return first
	}
	return first + " Deze praktijk maakt deel uit van " + r.pick(frames) + "."
}

// sentence fills one description sentence.
func (g *Generator) sentence(r *rng) string {
	s := r.nextSentence()
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 || i+2 >= len(s) || s[i+2] != '}' {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		start := i == 0
		switch s[i+1] {
		case 'S':
			sub := r.pick(subjects)
			if !start {
				sub = lowerFirst(sub)
			}
			b.WriteString(sub)
		case 's':
			b.WriteString(lowerFirst(r.pick(subjects)))
		case 'G':
			b.WriteString(r.pick(groupsLong))
		case 'A':
			b.WriteString(r.pick(activities))
		case 'P':
			b.WriteString(r.pick(places))
		case 'R':
			b.WriteString(r.pick(partners))
		case 'N':
			fmt.Fprint(&b, 4+r.IntN(30))
		case 'M':
			fmt.Fprint(&b, 3+r.IntN(10))
		case 'Y':
			fmt.Fprint(&b, 2010+r.IntN(15))
		case 'F':
			b.WriteString(r.pick(frequencies))
		}
		s = s[i+3:]
	}
	return capitalize(b.String())
}

func (g *Generator) paragraph(r *rng) string {
	n := r.count(facetCounts["sentences"], 2)
	parts := make([]string, n)
	for k := range parts {
		parts[k] = g.sentence(r)
	}
	return strings.Join(parts, " ")
}

func (g *Generator) description(r *rng) string {
	n := r.count(facetCounts["paragraphs"], 2)
	paras := make([]string, 0, n)
	for k := 0; k < n; k++ {
		if k == 1 && r.IntN(4) == 0 {
			paras = append(paras, bullets(phaseBullets[:2+r.IntN(len(phaseBullets)-1)]))
			continue
		}
		paras = append(paras, g.paragraph(r))
	}
	return strings.Join(paras, "\n\n")
}

func bullets(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return "- " + strings.Join(items, "\n- ")
}

func (g *Generator) variant(r *rng, places []catalog.Place) catalog.Variant {
	n := titleNouns[r.IntN(len(titleNouns))]
	head := capitalize(n.word)
	if r.IntN(3) == 0 {
		head = r.pick(projectNames)
	}
	k := r.count(facetCounts["variantSentences"], 1)
	sents := make([]string, k)
	for j := range sents {
		sents[j] = g.sentence(r)
	}
	domain := strings.ReplaceAll(places[0].TermSlug, "-", "") + ".be"
	var email, contact string
	if r.IntN(2) == 0 {
		first, last := r.pick(firstNames), r.pick(lastNames)
		email = strings.ToLower(first[:1]) + strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(last)) + "@" + domain
		contact = first + " " + last + ": " + email
	} else {
		email = r.pick(roleMailboxes) + "@" + domain
		contact = email
	}
	v := catalog.Variant{Places: places, Text: head + ": " + strings.Join(sents, " "), Contact: contact, Email: email}
	if r.IntN(4) == 0 {
		v.MoreInfo = []catalog.Link{{Label: "Huis van het Kind " + places[0].Name, URL: "https://www." + domain}}
	}
	return v
}

func (g *Generator) section(r *rng) catalog.Section {
	h := r.pick(sectionHeadings)
	var items []string
	switch h {
	case "Tijdslijn":
		y := 2018 + r.IntN(5)
		for k := 0; k < 3; k++ {
			items = append(items, fmt.Sprintf("%d: %s", y+k, strings.TrimSuffix(g.sentence(r), ".")))
		}
	default:
		for k := 0; k < 2+r.IntN(3); k++ {
			items = append(items, g.sentence(r))
		}
	}
	return catalog.Section{Heading: h, Body: bullets(items)}
}

// SlugSet hands out unique slugs: a taken slug gets the first free "-2", "-3", ... suffix.
// It is not safe for concurrent use.
type SlugSet struct{ used map[string]bool }

// NewSlugSet returns an empty set.
func NewSlugSet() *SlugSet { return &SlugSet{used: map[string]bool{}} }

// Claim returns base, or base with the first free suffix, and marks it used.
func (s *SlugSet) Claim(base string) string {
	if base == "" {
		base = "praktijk"
	}
	slug := base
	for n := 2; s.used[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	s.used[slug] = true
	return slug
}

// Batch returns sheets from..from+n-1 with slugs made unique through slugs; call it in
// order of from for output that does not depend on the batch size.
func (g *Generator) Batch(from, n int, slugs *SlugSet) []catalog.Sheet {
	out := make([]catalog.Sheet, n)
	for k := range out {
		out[k] = g.Sheet(from + k)
		out[k].Slug = slugs.Claim(out[k].Slug)
	}
	return out
}
