"""Build SAM2.1 models from the `sam2` package: the real hiera-tiny config (bench) or a reduced one (tiny
random-weight fixture) that keeps the contract's tensor shapes (image 1024, feats 32x256, 64x128, 256x64)."""

from __future__ import annotations

import torch
from hydra import compose, initialize_config_module
from hydra.core.global_hydra import GlobalHydra
from hydra.utils import instantiate
from omegaconf import OmegaConf

CONFIG = "configs/sam2.1/sam2.1_hiera_t.yaml"

# Reduced Hiera: stages of 1,1,2,1 blocks (block 3 global attention), 8 channels at stride 4 (x2 per stage). The FPN neck keeps d_model 256,
# so image_embed is [1,256,64,64] and the decoder's conv_s0/conv_s1 give the contract's 32/64 channels.
TINY_OVERRIDES = [
    "model.image_encoder.trunk.embed_dim=8",
    "model.image_encoder.trunk.num_heads=1",
    "model.image_encoder.trunk.stages=[1,1,2,1]",
    "model.image_encoder.trunk.global_att_blocks=[3]",
    "model.image_encoder.neck.backbone_channel_list=[64,32,16,8]",
]


def build(tiny: bool, seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    GlobalHydra.instance().clear()
    with initialize_config_module("sam2", version_base="1.2"):
        cfg = compose(config_name=CONFIG, overrides=TINY_OVERRIDES if tiny else [])
    OmegaConf.resolve(cfg)
    model = instantiate(cfg.model, _recursive_=True)
    if tiny:
        _shrink_mask_decoder(model)
    _randomise(model, seed)
    return model.eval()


def _shrink_mask_decoder(model) -> None:
    """SAM2Base hard-codes a 2-layer TwoWayTransformer with mlp_dim 2048 (16 MB of weights); replace it with
    a 1-layer one (same classes, same I/O) so the decoder fixture stays a few MB."""
    from sam2.modeling.sam.mask_decoder import MaskDecoder
    from sam2.modeling.sam.transformer import TwoWayTransformer

    old = model.sam_mask_decoder
    dim = model.sam_prompt_embed_dim
    model.sam_mask_decoder = MaskDecoder(
        num_multimask_outputs=3,
        transformer=TwoWayTransformer(depth=1, embedding_dim=dim, mlp_dim=64, num_heads=8, attention_downsample_rate=8),
        transformer_dim=dim,
        iou_head_depth=3,
        iou_head_hidden_dim=32,
        use_high_res_features=model.use_high_res_features_in_sam,
        iou_prediction_use_sigmoid=model.iou_prediction_use_sigmoid,
        pred_obj_scores=model.pred_obj_scores,
        pred_obj_scores_mlp=model.pred_obj_scores_mlp,
        use_multimask_token_for_obj_ptr=model.use_multimask_token_for_obj_ptr,
        **(model.sam_mask_decoder_extra_args or {}),
    )
    del old


def _randomise(model, seed: int) -> None:
    """Default inits leave positional embeddings and no_mem_embed at zero; give every parameter seeded
    values so all paths matter, then round to float16 values (lossless fp16 storage in the fixture)."""
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if torch.count_nonzero(p) == 0:
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)
        # Default inits give mask logits within +-0.5: scale the hypernetwork outputs so logits reach about
        # +-10 (as trained models do), so thresholding, stability scores and refinement are meaningful.
        for mlp in model.sam_mask_decoder.output_hypernetworks_mlps:
            mlp.layers[-1].weight.mul_(40.0)
        for p in model.parameters():
            p.copy_(p.half().float())
