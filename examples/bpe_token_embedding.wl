(* Byte-pair encoding in plain WL, then a token + position embedding net, in the manner of a
   public "LLM from scratch in Wolfram Language" package: word counts, a pair-count index kept
   in nested associations (index[pair, word] = True), the most frequent pair found with
   MaximalBy of an association, merges applied with SequenceReplace, and a NetGraph that sums
   EmbeddingLayers of the token ids and of their positions.  Written for wlnet's examples;
   run with `wlnet examples/bpe_token_embedding.wl`. *)

wordSymbols[word_String] := Append[Characters[word], "</w>"];

trainBPE[text_String, numMerges_Integer] := Module[{counts, words, syms, pairIndex = <||>,
    pairCounts, rules = {}, best},
  counts = Counts[StringSplit[text]];
  words = Keys[counts];
  syms = wordSymbols /@ words;
  Do[
    pairCounts = <||>;
    Do[
      Do[
        With[{p = syms[[w, i ;; i + 1]]},
          pairCounts[p] = Lookup[pairCounts, Key[p], 0] + counts[words[[w]]];
          If[!KeyExistsQ[pairIndex, p], pairIndex[p] = <||>];
          pairIndex[p, w] = True],
        {i, Length[syms[[w]]] - 1}],
      {w, Length[words]}];
    If[pairCounts === <||>, Break[]];
    best = First@Keys@MaximalBy[pairCounts, Identity, 1];
    AppendTo[rules, best];
    (* only the words that hold the pair change *)
    Do[syms[[w]] = SequenceReplace[syms[[w]], best -> StringJoin[best]],
      {w, Keys[pairIndex[best]]}],
    {numMerges}];
  rules
];

encode[text_String, rules_List] := Flatten[Fold[
    Function[{s, rule}, SequenceReplace[s, rule -> StringJoin[rule]]], wordSymbols[#], rules] & /@
  StringSplit[text]];

text = "low lower lowest newer newest wider widest";
rules = trainBPE[text, 6];
Print["merges: ", rules];
tokens = encode["lowest newer", rules];
Print["tokens: ", tokens];
vocab = Union[Flatten[wordSymbols /@ StringSplit[text]], StringJoin /@ rules];
ids = Lookup[AssociationThread[vocab -> Range[Length[vocab]]], tokens];
Print["decoded: ", StringReplace[StringJoin[vocab[[ids]]], "</w>" -> " "]];

embedder = NetInitialize[NetGraph[
  <|"tokens" -> EmbeddingLayer[4, Length[vocab]], "positions" -> EmbeddingLayer[4, 16],
    "sum" -> ThreadingLayer[Plus]|>,
  {NetPort["Tokens"] -> "tokens", NetPort["Positions"] -> "positions",
   {"tokens", "positions"} -> "sum"}], RandomSeeding -> 1];
out = embedder[<|"Tokens" -> ids, "Positions" -> Range[Length[ids]]|>];
Print["embedded: ", Dimensions[out], " from ", Length[vocab], " token ids"];
