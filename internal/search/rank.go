package search

import "math"

// The ranking rule of both engines is SQLite FTS5's bm25(): SQLite runs it
// itself, and for PostgreSQL the store computes the same figures with
// Ranker from what its index keeps (the rows and words of each index, the
// rows holding each phrase, and each matching row's instances and words).
// The arithmetic follows FTS5's C code step by step, with explicit
// conversions where Go might otherwise fuse a multiply and an add, so that
// the two engines give the same score, not merely the same order.

// bm25 parameters, FTS5's: term frequency saturation and length
// normalisation.
const (
	BM25K1 = 1.2
	BM25B  = 0.75
)

// IndexStats are what bm25 knows of a whole index: how many rows it has
// and how many words they hold in all.
type IndexStats struct {
	Rows, Words int64
}

// IDF is bm25's inverse document frequency of a phrase found in hits of
// rows rows, as FTS5 computes it (never below 1e-6).
func IDF(rows, hits int64) float64 {
	v := math.Log((float64(rows-hits) + 0.5) / (float64(hits) + 0.5))
	if v <= 0 {
		v = 1e-6
	}
	return v
}

// Ranker scores the rows matching one expression in one index.
type Ranker struct {
	idf     []float64 // by phrase
	avgdl   float64
	weights []float64 // by column; 1 past its end
}

// NewRanker returns the ranker of an expression of len(hits) phrases over
// an index: hits[i] is how many rows of the index hold phrase i (whatever
// else limits the search), weights those of bm25()'s arguments, by column.
func NewRanker(st IndexStats, hits []int64, weights ...float64) Ranker {
	r := Ranker{idf: make([]float64, len(hits)), weights: weights}
	if st.Rows > 0 {
		r.avgdl = float64(st.Words) / float64(st.Rows)
	}
	for i, h := range hits {
		r.idf[i] = IDF(st.Rows, h)
	}
	return r
}

// Rank is bm25() of a row with the given instances (Expr.Instances) and
// words in all columns (Doc.Words): minus its score, so that lower ranks
// first, as in FTS5.
func (r Ranker) Rank(inst []Instance, words int) float64 {
	freq := make([]float64, len(r.idf))
	for _, in := range inst {
		w := 1.0
		if in.Col < len(r.weights) {
			w = r.weights[in.Col]
		}
		freq[in.Phrase] += w
	}
	// As fts5Bm25Function: score += idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))).
	k1, b, d := float64(BM25K1), float64(BM25B), float64(words)
	score := 0.0
	for i, idf := range r.idf {
		norm := float64(k1 * float64(float64(1-b)+float64(float64(b*d)/r.avgdl)))
		score += float64(idf * float64(float64(freq[i]*float64(k1+1.0))/float64(freq[i]+norm)))
	}
	return -1.0 * score
}
