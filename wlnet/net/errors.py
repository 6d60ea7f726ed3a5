"""Errors raised by the net IR; the WL face turns each into a ``Symbol::tag`` message.

``NetSpecError(tag, *slots)`` names a message tag and its slot values (plain strings or
expressions).  The shared templates live here, and each layer module adds its own
(``LayerSpec.messages``, merged in when the layer registers), so that every head that can
raise a tag declares the same wording (``MESSAGES``); ``symbol`` overrides the head the message is issued
under (``NetChain`` for chain-level problems found while building a layer inside it).
"""

from __future__ import annotations

from contextlib import contextmanager

__all__ = ["NetSpecError", "MESSAGES", "argcount_error", "in_node", "layer_path_text"]


class NetSpecError(Exception):
    def __init__(self, tag: str, *slots, symbol: str | None = None):
        super().__init__(f"{tag}: {slots}")
        self.tag = tag
        self.slots = slots
        self.symbol = symbol
        # where in a container a layer's own rule raised it: the node names from the
        # outermost container in, and the layer's head (see ``in_node``)
        self.path: tuple = ()
        self.layer: str | None = None


@contextmanager
def in_node(name: str, node):
    """Run a container's step on its node ``name``: a message raised there under the
    layer's own head (not one already under the container's: nodyn…) records the node,
    so that it is issued under the container's head naming the layer, as WL's validation
    failures inside a net name the layer's path (FailValidationWithPath)."""
    try:
        yield
    except NetSpecError as err:
        _locate(err, name, node)
        raise
    except Exception as err:
        # a port's computed dimensions against what it holds (shape.ComputedPortError)
        # carry the layer's own message, issued when no connection explains the conflict
        fallback = getattr(err, "fallback", None)
        if isinstance(fallback, NetSpecError):
            _locate(fallback, name, node)
        raise


def _locate(err: NetSpecError, name: str, node) -> None:
    symbol = getattr(node, "symbol", None)
    if err.path:                                   # located in a container inside this one
        err.path = (name, *err.path)
    elif symbol is not None and err.symbol == symbol:   # under the layer's own head
        err.layer, err.path = symbol, (name,)


def layer_path_text(path: tuple) -> str:
    """A node path as NetExtract takes it: 2, "cat", or {1, "cat"} for a nested one."""
    def one(name: str) -> str:
        return name if name.isdigit() else f'"{name}"'
    return one(path[0]) if len(path) == 1 else "{" + ", ".join(map(one, path)) + "}"


def argcount_error(symbol: str, n: int, lo: int, hi: int) -> NetSpecError:
    """The General::argx-family message the evaluator gives for a wrong argument count
    (the templates and the choice of tag are the evaluator's)."""
    from wlnet.core.expr import Integer, Symbol
    from wlnet.core.messages import argcount_tag
    tag, counts = argcount_tag(n, lo, hi)
    return NetSpecError(tag, Symbol(symbol), *(Integer(c) for c in counts), symbol=symbol)


MESSAGES = {
    # construction arguments
    "netarg": "`1` is not a valid `2`; `3`.",
    "optx": "Unknown option `1` in `2`.",
    "evalopt": "`1` is an option of evaluating or training a net (net[data, `1` -> …], "
               "NetTrain[…, `1` -> …]), not of constructing `2`.",
    "invsize": "The size `1` should be a positive integer.",
    "invdims": "The dimensions `1` should be a positive integer or a list of positive integers.",
    "invportspec": "`1` is not a valid specification for the port \"`2`\".",
    "codersideport": "`1` cannot be attached to the port \"`2`\", which is `3` port; it takes `4`.",
    "invlrm": "`1` is not a valid setting for LearningRateMultipliers: `2`.",
    "invarray": "The value given for the array \"`1`\" is not a numeric array (or None).",
    "nonull": "The array \"`1`\" cannot be None.",
    "arrdims": "The array \"`1`\" of `2` should have dimensions `3`, but the value given has dimensions `4`.",
    # containers
    "netempty": "A `1` needs at least one layer.",
    "invlayer": "`1` is not a valid layer or net.",
    "chainone": "NetChain takes a list {layer1, layer2, …} or an association of layers, not a single `1`; NetChain[{net}] is a chain of that one net.",
    "ninctyp2": "Incompatible `1`s for output of layer `2` (`3`) and input to layer `4` (`5`): `6` cannot feed `7`.",
    "ninctyp": "Incompatible `1`s for `2` (`3`) and `4` (`5`).",
    "inlayer": "Layer `1` (`2`) of the net is not valid: `3`",
    "notuport": "Layer `1` (`2`) has several `3` ports, so it cannot sit inside a NetChain there; use a NetGraph.",
    "invedge": "`1` is not a connection NetGraph understands (use src -> dst, {src, …} -> dst or NetPort[…]).",
    "nginvedgespec": "The second argument of NetGraph should be a list of rules.",
    "invnetvert": "The vertex `1`, specified in the edge `2`, does not exist.",
    "invport": "The `1` does not exist.",
    "dupedges": "Multiple sources are connected to `1`.",
    "acyclic": "The connections of a NetGraph may not form a cycle; `1` leads back to itself.",
    "nodyn": "`1` cannot take an input with a varying dimension; it was given `2`.",
    "dimsinc": "The `1` dimensions `2` have `3`, but the arrays need `4`.",
    "tyinc": "The `1` (`2`) is inconsistent with `3` (`4`).",
    "portspecs": "The shapes given for the ports `1` do not fit together: `2` cannot also be `3`.",
    "invnetport": "`1` is not a valid port of the net; the ports are `2`.",
    # coders
    "invenc": "`1` is not a valid encoder specification.",
    "invdec": "`1` is not a valid decoder specification.",
    "coderparam": "`1` is not a parameter of the \"`2`\" `3`; its parameters are `4`.",
    "codernoparam": "`1` is not a parameter of the \"`2`\" `3`, which takes none.",
    "codertype": "`1` is not a known `2` type; the types are `3`.",
    "invalph": "`1` is not a valid alphabet element for the \"Characters\" encoder.",
    "encfail": "The encoder cannot turn `1` into an array: `2`.",
    "decfail": "The input `1` could not be decoded: `2`.",
    "outdec": "The net's output could not be decoded: `1`.",
    "invprop": "`1` is not a known property of `2`.",
    # initialize / extract / replace / information
    "notfspec": "The sizes of `1` are not known yet, so the net cannot be initialized; give the input or output shapes.",
    "invsubopt": "`1` is not a suboption of the initialization method `2`; it takes `3`.",
    "invsubval": "`1` is not a valid setting for the suboption `2` of the initialization method `3`: use `4`.",
    "invmethod": "`1` is not a valid initialization Method; use \"Kaiming\", \"Xavier\", \"Orthogonal\", \"Random\" or \"Identity\", optionally as {\"method\", opt -> value, …}.",
    "seeding": "`1` is not a valid setting for RandomSeeding.",
    "nopart": "`1` does not exist in the net.",
    "invrepl": "`1` is not a valid replacement: `2`",
    "noinfo": "`1` is not a known property; use Information[net, \"Properties\"] for the list.",
    "nocoderinfo": "`1` is not a property of the coder; Information[coder, \"Properties\"] lists them.",
    "invna": "`1` is not a valid NumericArray type.",
    "nadata": "`1` cannot be stored as a NumericArray of type `2`.",
    # evaluation on data (net[data], NetStateObject)
    "invindata1": "The port \"`1`\" was given `2`; it takes `3`.",
    "invindata3": "The data for the port \"`1`\" cannot be encoded (`2`): `3`.",
    "invinport": "`1` is not an input port of the net; the input ports are `2`.",
    "missinport": "No data was supplied for the input port \"`1`\".",
    "needassoc": "The net has several input ports (`1`); give the data as an association <|port -> data, …|>.",
    "batchmix": "The data supplied to the input ports should be all single examples or all lists of the same number of examples.",
    "invgradport": "`1` does not name an input port or an array of the net; the input ports are `2`.",
    "invoutport": "`1` does not name an output of the net or of one of its layers; the output ports are `2`.",
    "invoutspec": "`1` is not a valid output specification: use None, NetPort[…], NetPortGradient[…] or a property of the output decoder.",
    "evalnfspec": "The net cannot be evaluated because it is not fully specified: the dimensions of `1` are not known.",
    "evalnports": "The net cannot be evaluated because the number of input ports of `1` is not known; connect them, give InputPorts, or apply the net to a list of arrays.",
    "evaluninit": "The net cannot be evaluated because it has uninitialized arrays (`1`); use NetInitialize first.",
    "gradshape": "The gradient given for the output port \"`1`\" should have the dimensions of that output.",
    "noexec": "Nets containing `1` cannot be evaluated yet.",
    "nobackend": "The backend \"`1`\" cannot be used: `2`.",
    "invdevice": "TargetDevice -> `1` is not a device; use \"CPU\", \"GPU\" (or \"CUDA\"), {\"GPU\", n}, {\"GPU\", {n1, n2, …}} or {\"GPU\", All} (a device number is for GPUs only).",
    "nogpu": "TargetDevice -> `1` is not available: `2`.",
    "nograd": "The gradient with respect to the port \"`1`\" is not defined: its data are integers.",
    "invstates": "`1` should be an association of recurrent state keys and values.",
    "invstatekey": "`1` is not a recurrent state of the net; the states are `2`.",
    "invstateval": "The value `1` given for the state `2` should be `3`.",
    "nostore": "`1` is not a valid NetStateObject.",
    "nostates": "The net has no recurrent states to give or keep (states of layers such as LongShortTermMemoryLayer that no connection of the net feeds).",
    # sequence models (recurrent layers, sequence layers, embeddings)
    "invact": "`1` is not a valid \"Activation\"; use a function of the elementwise table such as Tanh, Ramp, LogisticSigmoid or \"ReLU\".",
    "seqshort": "`1` needs sequences of at least 2 elements, but its input has length `2`.",
    # vision: convolution, pooling, normalization
    "invsetting": "`1` is not a valid \"`2`\" setting for `3`; it should be `4`.",
    "spatialrank": "The settings of `1` disagree on the number of spatial dimensions: \"`2`\" has `3` and \"`4`\" has `5`.",
    "spatiallen": "The \"`2`\" setting `3` of `1` should have `4`, one per spatial dimension.",
    "spatialdims": "`1` takes an input of rank 2, 3 or 4 (channels, then 1 to 3 spatial dimensions), not of rank `2`.",
    "spatialinrank": "`1` has `2` spatial dimensions here (its \"Dimensionality\"), so it takes an input of rank `3` (channels and the spatial dimensions), not of rank `4`.",
    "kernelfit": "The kernel of `1` does not fit its input along spatial dimension `2`: it spans `3` (size `4`, dilation `5`) but the padded input has size `6` (size `7`, padding `8`).",
    "cropall": "The crop `3` of `1` along spatial dimension `2` leaves nothing of its output of size `4`.",
    "chgroups": "`1` cannot split its `2` `3` channels into `4` channel groups.",
    "nochannels": "`1` needs an input with a channel dimension (a vector or a higher-rank array), not a single number.",
    "chvary": "`1` takes its channels first (Interleaving -> False), so the first dimension of its \"`2`\" cannot vary; for a sequence of vectors use Interleaving -> True, which takes the channels last.",
    "chmismatch": "The `2` of `1` has `3` channels, but its arrays are made for `4`.",
    # array and structure layers (issue 12)
    "portcount": "The layer has `1`, but it was given a list of `2` arrays.",
    "invlevel": "`1` is not a valid level specification for `2`; `3`.",
    "rankx": "`1` needs an input of rank `2`, but it was given an input of rank `3`.",
    "nosize": "`1` cannot run: the number of copies it makes is left free by the net and no input gives it; specify it in the layer or through the net's input shape.",
    "sqmat": "`1` needs square matrices, but it was given an array of dimensions `2`.",
    "reshapecount": "The input of ReshapeLayer has `1` elements, which cannot be reshaped into dimensions `2`.",
    "riffdims": "Riffle interleaves a list of dimensions `1` with parts of dimensions `2`: the parts should have the list's dimensions and be as many as its parts or one fewer.",
    "catdims": "The inputs of CatenateLayer have incompatible dimensions `1`: the dimensions off the catenated level must agree.",
    "thrdims": "The inputs of ThreadingLayer have dimensions `1`, which cannot be broadcast together (`2`).",
    "dotdims": "Arrays of dimensions `1` and `2` cannot be multiplied: the last size of the first should be the first size of the second.",
    "padw": "A \"Reflected\" padding must be narrower than the input it reflects (dimensions `1`).",
    "fnpart": "`1` cannot be compiled into a net: `2` is not supported (FunctionLayer supports `3`).",
    "fnargs": "The function `1` takes several arguments, but FunctionLayer applies its function to one (an array, or an association of arrays for named slots #a, #b, …); use Apply[f] to give each argument an input port of its own.",
    "fndatasize": "`1` cannot be compiled into a net: the size of the result of `2` depends on the values of the data, and a net's arrays have sizes known before it runs (keep the size with a mask, as UnitStep[x] * x or If[x > 0, x, 0] does for `3`).",
    "fnrec": "`1` is defined in terms of itself: a FunctionLayer puts the definitions of its functions in place, and this recursion does not end after a fixed number of steps (a loop over the data's values cannot become a net; NestList, FoldList or Table over a fixed count can).",
    "fnloop": "`1` does not end when it is applied to symbolic arguments (its evaluation went past $RecursionLimit or $IterationLimit), so it cannot be the function of the layer.",
    "fnpadrank": "ArrayPad with a list of padding values in a FunctionLayer pads a vector; here the array has rank `1` (pad its rows with Map, or use a single value).",
    "fnunroll": "`1` in a FunctionLayer goes through a fixed number of parts, but here their number is not known or varies (a sequence): give the input a fixed size.",
    "fnthread": "Thread and MapThread in a FunctionLayer need lists of one length, or no lists (`1` lengths here).",
    "funcfail": "The function `1` cannot be applied to inputs of these shapes: `2`",
    "partw": "The part `1` does not exist in `2`.",
    "partempty": "The span `1` selects no elements, and a net cannot hold an empty array.",
    "arrbcast": "The array \"`1`\" of `2` has dimensions `3`, which cannot be broadcast over an input of dimensions `4` (they should be the input's first dimensions, or 1).",
    "portsinc": "The inputs of `1` should all have the same dimensions; they have `2`.",
    "invports": "`1` is not a valid InputPorts specification; use a number of ports, a list of names or shapes, or an association of names and shapes.",
    # net surgery (issue 14): NetTake, NetDrop, NetJoin, NetAppend, NetInsert, NetDelete, …
    "nolayer": "`1` does not name a layer of the net; valid are `2`.",
    "notcontainer": "`1` cannot be applied to a `2`; it needs `3`.",
    "emptyspan": "The span `1` given to `2` contains no layers.",
    "invnetins1": "The chain's layers have names: insert a layer into it as NetInsert[chain, \"name\" -> layer, pos].",
    "invnetins2": "The chain's layers are numbered: insert a layer into it as NetInsert[chain, layer, pos], without a name.",
    "invnetins4": "`1` is not a position to insert at: use 1 to `2` (negative from the end), or, in a chain of named layers, a layer's name.",
    "dupname": "The net already has a layer named \"`1`\"; `2` needs a new name.",
    "portnum": "`1` needs a net with exactly one `2` port, but it has `3`.",
    "invrules": "`1` is not a valid replacement rule or list of rules for `2`.",
    "dupport": "`1` would give two ports the same name.",
    "norep": "No layer of the net matches `1`; the net is returned unchanged.",
    "delport": "`1` cannot be deleted: `2`.",
    "mixedjoin": "The chains to join mix numbered and named layers; give every chain numbered layers, or every chain named ones.",
    "delshape": "Layer `1` cannot be deleted: it sits inside the graph and turns `2` into `3`, and only a layer that keeps its input's shape can be taken out from between others.",
    "noparthere": "`1` does not exist in the net; valid there are `2`.",
    # net operators (NetMapOperator, NetBidirectionalOperator)
    "opsingleport": "The net given to `1` must have exactly one input port and one output port, but `2` has `3`.",
    "opaggr": "`1` is not a valid aggregation for NetBidirectionalOperator; use Catenate, Total, Mean or None.",
    "opnets": "`1` should be a net or a list of two nets.",
    "opfeedback": "The feedback `1` -> `2` does not connect an output of `3` to one of its inputs (outputs: `4`; inputs: `5`).",
    "opnoseq": "Every input of `1` is fed back, so NetFoldOperator has no sequence to fold over.",
    "opinc": "The types do not fit: `1` is `2`, but `3` is `4`.",
    "opiter": "`1` is not a valid number of iterations for NetNestOperator; it should be a positive integer.",
    # text coders ("Tokens")
    "invtokens": "`1` is not a valid \"Tokens\" vocabulary; it should be a list of distinct non-empty strings.",
    # shared arrays (issue 14): NetArray, NetSharedArray, NetInsertSharedArrays
    "sharedims": "The uses of the shared array NetArray[\"`1`\"] need dimensions `2` and `3`, which cannot agree.",
    "invshared": "`1` is not a valid NetArray specification; use NetArray[\"name\"], NetArray[] or NetArray[\"Name\" -> name, \"Array\" -> values, \"Dimensions\" -> dims].",
    "sharestat": "The array \"`1`\" of `2` is kept up to date by the layer itself, so it cannot be shared.",
    "noshared": "The net has no shared array `1`; its shared arrays are `2`.",
    # NetGraph: NetPort[{"inner", "layer"}, "Input"] as a destination
    "nestfed": "In `1`, the input \"`2`\" of the nested layer `3` is fed inside its net, so it cannot be connected from outside; the net's own inputs are `4`.",
    # a batch given as a list of associations
    "rowsmix": "The associations of a batch should all give the same ports, output gradients and states.",
    "rowbatch": "Each association of a batch should give one example to the port \"`1`\", not a list of them.",
    # sequence models (issue 20): a mapped net whose input ports are not known yet
    "unfoldx": "NetUnfold needs a folded net (a recurrent layer, an AttentionLayer with \"Mask\" -> \"Causal\", a NetFoldOperator, or a NetChain or NetGraph containing them); `1` is not one.",
    "opconst": "The constant input `1` is not an input of `2` that is not fed back (inputs: `3`).",
    "opreturn": "`1` is not an output of `2` (outputs: `3`).",
    "opnomap": "NetMapThreadOperator needs at least one input to map over.",
    "opdepth": "`1` is not a valid depth for NetMapThreadOperator: give a positive integer n, or <|\"input\" -> n, …|> with a positive integer for every input named.",
    "opnoports": "The net mapped by `1` has no input ports yet; give them (InputPorts) or apply the operator to an association of its inputs.",
    # NetUnfold of a causally masked AttentionLayer (issue 20, rnn)
    "unfoldstep": "NetUnfold cannot unfold a net in which `1` acts across the steps of a sequence: one step of the net would not compute what it does.",
    "unfoldwin": "NetUnfold cannot yet unfold an attention layer whose causal mask has a window (`1` keys); only \"Mask\" -> \"Causal\" over all the keys before.",
    # layer documentation sweep: elementwise operands that the data shows to differ
    "elemdims": "Arrays of dimensions `1` and `2` cannot be combined elementwise; their dimensions should agree.",
    # structure documentation sweep: NetGANOperator, NetPairEmbeddingOperator, NetModel
    "ganports": "The `1` of NetGANOperator must have exactly one input port and one output port, but it has `2`.",
    "ganloss": "`1` is not a valid loss for NetGANOperator; use Automatic, \"JensenShannon\" or \"Wasserstein\".",
    "gannets": "`1` should be a list of two nets: {generator, discriminator}.",
    "pairdist": "`1` is not a supported DistanceFunction; use EuclideanDistance or CosineDistance.",
    # coders3: the standard "Tokens" vocabularies (Wolfram data, not part of wlnet)
    "videona": "The \"`1`\" encoder encodes Video objects, which wlnet does not have yet; encode the frames as a sequence of images instead ({\"Varying\", NetEncoder[{\"Image\", …}]}).",
    "tokvocab": "The standard `1` vocabulary of the \"Tokens\" coders is Wolfram data that wlnet does not have; give the vocabulary as a list of tokens, {\"Tokens\", {token1, token2, …}}.",
    # leftovers sweep: data given to a net that takes none (NetArrayLayer)
    "noinports": "The net has no input ports, so it takes no data; evaluate it as net[].",
    # apps sweep: a layer whose inputs are a list of arrays (TotalLayer[]) given something else
    "portlistdata": "The net takes a list of arrays, one for each of its input ports (or an association of them), not `1`.",
    # docscoders sweep: a "Class" decoder asked the probability of a label it does not have
    "notlist": "`1` cannot take a NetGraph apart as a list of its layers: NetTake, NetDelete and Part select them.",
    "notclassmember": "`1` is not one of the classes of the decoder, so it has no probability.",
}
